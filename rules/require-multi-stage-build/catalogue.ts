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

/** Tags of the official `node` image that are minimal runtimes (the default tags carry build tools). */
export const MINIMAL_NODE_TAG = /(alpine|slim)/;
