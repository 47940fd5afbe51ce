/**
 * Every statelint rule, in one list. `scripts/create-rule.mjs` adds new rules here; the ESLint plugin
 * and the CLI both read this list, and the presets come from each rule's meta.
 */
import type { AnyRule } from '@statelint/core';
import noFsWrites from './no-fs-writes/rule.js';
import noInMemoryCache from './no-in-memory-cache/rule.js';
import noInMemorySessions from './no-in-memory-sessions/rule.js';
import noLocalScheduler from './no-local-scheduler/rule.js';
import noModuleState from './no-module-state/rule.js';
import noPerRequestClient from './no-per-request-client/rule.js';
import noUnverifiedJwt from './no-unverified-jwt/rule.js';
import requireAbortSignal from './require-abort-signal/rule.js';
import requireGracefulShutdown from './require-graceful-shutdown/rule.js';
import requireRequestLimits from './require-request-limits/rule.js';
import requireStructuredLogging from './require-structured-logging/rule.js';

/** In docs/contract.md's order. */
export const rules: readonly AnyRule[] = [
  noModuleState,
  noInMemoryCache,
  noInMemorySessions,
  noFsWrites,
  requireAbortSignal,
  requireGracefulShutdown,
  noLocalScheduler,
  noUnverifiedJwt,
  requireRequestLimits,
  noPerRequestClient,
  requireStructuredLogging,
];

export const rulesById: ReadonlyMap<string, AnyRule> = new Map(rules.map((rule) => [rule.id, rule]));

export { crossChecks, manifestRules } from './manifests.js';
