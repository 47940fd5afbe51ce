/**
 * The service model: what runs where and when, decided once in core for every rule (see
 * docs/guides/writing-rules.md for the map of core's folders).
 */
export * from './call-graph.js';
export * from './effects.js';
export * from './disk.js';
export * from './entry-points.js';
export * from './lifecycle-catalogue.js';
export * from './module-graph.js';
export * from './program-model.js';
export * from './reach.js';
export * from './servers.js';
export * from './explain.js';
export * from './state/index.js';
