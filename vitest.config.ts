import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  resolve: {
    // Unit tests run against the sources; end-to-end tests run the built CLI (`pnpm test` builds first).
    alias: {
      '@statelint/core': here('./packages/core/src/index.ts'),
      '@statelint/rules': here('./rules/index.ts'),
      'eslint-plugin-statelint': here('./packages/eslint-plugin/src/index.ts'),
    },
  },
  test: {
    // Provides the runtime tests' PostgreSQL and Redis binaries (installing Redis with apt-get when
    // missing and root), so that `pnpm test` alone sets up a machine that has only Node and npm.
    globalSetup: ['./test/setup/servers.ts'],
    include: ['rules/*/*.test.ts', 'packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
