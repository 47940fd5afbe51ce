// Placeholder: no-local-scheduler's typed cases replace this file's content. Only a worker imports it.
export {};
