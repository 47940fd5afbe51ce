// Placeholder: no-local-scheduler's typed cases replace this file's content. A web server imports it.
export {};
