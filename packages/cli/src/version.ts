import { createRequire } from 'node:module';

let cached: string | undefined;

export function toolVersion(): string {
  return (cached ??= (createRequire(import.meta.url)('../package.json') as { version: string }).version);
}
