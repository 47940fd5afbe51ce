// no-module-state typed cases: a test that seeds a module's Map through a function exported for tests.
import { nmsSeedForTests } from '../no-module-state-store.js';

declare const it: (name: string, body: () => void) => void;

it('reads what was seeded', () => {
  nmsSeedForTests('a', 'b');
});
