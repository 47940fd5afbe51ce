import fs from 'node:fs';
import path from 'node:path';

/** Every file under a directory (links not followed), depth first, without recursion. */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const stack = [dir];
  while (stack.length > 0) {
    const current = stack.pop()!;
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const abs = path.join(current, entry.name);
      if (entry.isDirectory()) stack.push(abs);
      else if (entry.isFile() || entry.isSymbolicLink()) out.push(abs);
    }
  }
  return out.sort();
}
