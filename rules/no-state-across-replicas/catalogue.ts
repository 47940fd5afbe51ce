/** Code rules whose findings are state that each replica holds on its own. */
export const STATE_RULES: ReadonlySet<string> = new Set(['no-module-state', 'no-in-memory-cache', 'no-in-memory-sessions', 'no-local-scheduler']);
