/** Which file names discovery hands to the deployment audit (manifests.ts decides on the text). */
import fs from 'node:fs';
import path from 'node:path';
import { manifestKindOf } from '@statelint/core';

export function isDeploymentFileName(name: string): boolean {
  return manifestKindOf(name) !== undefined;
}

/**
 * A file of a Helm chart's `templates/` (or `charts/`) folder: Go templates, not YAML until rendered.
 * They are skipped; render the chart and pass it with `--manifests` (`helm template . | statelint
 * audit --manifests -`).
 */
export function isHelmTemplate(abs: string): boolean {
  for (let dir = path.dirname(abs), depth = 0; depth < 6 && path.dirname(dir) !== dir; dir = path.dirname(dir), depth++) {
    const base = path.basename(dir);
    if ((base === 'templates' || base === 'charts') && fs.existsSync(path.join(path.dirname(dir), 'Chart.yaml'))) return true;
    if (fs.existsSync(path.join(dir, 'Chart.yaml'))) return base === 'templates' || depth > 0;
  }
  return false;
}
