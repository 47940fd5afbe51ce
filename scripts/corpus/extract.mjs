/**
 * Extracts one commit of a bare git directory into a folder, without running anything of it.
 * Regular files only: symlinks, submodules and blobs the snapshot lacks (large files are often
 * left out of mirrors) are skipped, so a partial snapshot still gives a usable checkout.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export function extractCommit(gitDir, commit, target) {
  const git = (args, input) => execFileSync('git', ['--git-dir', gitDir, ...args], { input, maxBuffer: 1 << 30 });
  const entries = git(['ls-tree', '-r', '-z', commit])
    .toString('utf8')
    .split('\0')
    .filter(Boolean)
    .map((line) => {
      const [meta, file] = line.split('\t');
      const [mode, type, sha] = meta.split(' ');
      return { mode, type, sha, file };
    })
    .filter((e) => e.type === 'blob' && (e.mode === '100644' || e.mode === '100755') && !e.file.split('/').includes('..'));
  const present = new Set(
    git(['cat-file', '--batch-check=%(objectname) %(objecttype)'], entries.map((e) => e.sha).join('\n') + '\n')
      .toString('utf8')
      .split('\n')
      .filter((line) => line.endsWith(' blob'))
      .map((line) => line.split(' ')[0]),
  );
  const wanted = entries.filter((e) => present.has(e.sha));
  // One `cat-file --batch` for every blob: "<sha> blob <size>\n<content>\n" per object, in order.
  const out = git(['cat-file', '--batch'], wanted.map((e) => e.sha).join('\n') + '\n');
  let offset = 0;
  for (const entry of wanted) {
    const headerEnd = out.indexOf(10, offset);
    const size = Number(out.subarray(offset, headerEnd).toString('utf8').split(' ')[2]);
    const file = path.join(target, entry.file);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, out.subarray(headerEnd + 1, headerEnd + 1 + size));
    offset = headerEnd + 1 + size + 1;
  }
  const skipped = entries.length - wanted.length;
  return { files: entries.length - skipped, skipped };
}
