// no-module-state typed cases: another module that mutates an exported class's static field.
import { NmsCounter } from './no-module-state-store.js';

export function track(x: string) {
  NmsCounter.items.push(x);
}
