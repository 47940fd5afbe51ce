/** Base images that make a minimal runtime stage: no compiler, no package manager cache, small. */
export const MINIMAL_BASES: readonly RegExp[] = [
  /(^|\/)distroless\//,
  /^gcr\.io\/distroless\//,
  /^cgr\.dev\/chainguard\//,
  /(^|\/)node$/, // judged by tag below
  /^scratch$/,
  /(^|\/)alpine$/,
  /^registry\.access\.redhat\.com\/ubi\d+\/(nodejs-\d+-minimal|ubi-minimal)$/,
];

/** Commands that build or install: a single stage that runs one ships its toolchain. */
export const BUILD_COMMAND = /\b(npm|yarn|pnpm|bun|npx|tsc|pip3?|poetry|go\s+build|mvn|gradle|cargo|make|gcc|composer|gem\s+install|bundle\s+install|apk\s+add|apt-get\s+install|dotnet\s+(build|publish))\b/;

/**
 * A single-stage build that removes its toolchain in the same RUN (`apt-get purge -y $BUILD_DEPS`,
 * `apk del .build-deps`) ships none of it: the layer is written after the removal.
 */
export const TOOLCHAIN_REMOVED = /\b(apt-get\s+(-\S+\s+)*(purge|remove|autoremove)|apk\s+del)\b/;

/**
 * An install of production dependencies only (`npm ci --omit=dev`, `yarn install --production`,
 * `pnpm install --prod`) builds nothing: without a build step or a compiler, one stage ships no toolchain.
 */
export const PRODUCTION_INSTALL = /\b(npm\s+(ci|install|i)|yarn(\s+install)?|pnpm\s+(install|i))\b[^&|;\n]*?(--production|--omit[= ]dev|--only[= ]prod(uction)?|--prod)\b[^&|;\n]*/g;

/** Tags of the official `node` image that are minimal runtimes (the default tags carry build tools). */
export const MINIMAL_NODE_TAG = /(alpine|slim)/;
