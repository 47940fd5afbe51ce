/** Code rules whose findings are state that each replica holds (or work each replica does) on its own. */
export const STATE_RULES: ReadonlyMap<string, string> = new Map([
  ['no-module-state', 'each replica has its own copy of this state, so what one replica holds the others do not see'],
  ['no-in-memory-cache', 'each replica has its own copy of this cache, so they serve different answers and a change invalidates only one'],
  ['no-in-memory-sessions', 'each replica has its own sessions, so a client routed to another replica is logged out'],
  ['no-local-scheduler', 'each replica runs this job, so it runs that many times'],
]);
