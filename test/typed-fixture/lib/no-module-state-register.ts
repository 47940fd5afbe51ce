// no-module-state typed cases: another module that mutates an exported Map at runtime.
import { nmsRegistry } from './no-module-state-store.js';

export function register(name: string) {
  nmsRegistry.set(name, name);
}
