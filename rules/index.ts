/**
 * Every statelint rule, in one list. `scripts/create-rule.mjs` adds new rules here; the ESLint plugin
 * and the CLI both read this list, and the presets come from each rule's meta.
 */
import type { AnyRule } from '@statelint/core';
import noFsWrites from './no-fs-writes/rule.js';
import noLocalScheduler from './no-local-scheduler/rule.js';
import noUnverifiedJwt from './no-unverified-jwt/rule.js';
import requireRequestLimits from './require-request-limits/rule.js';
import requireStructuredLogging from './require-structured-logging/rule.js';

export const rules: readonly AnyRule[] = [noFsWrites, noLocalScheduler, noUnverifiedJwt, requireRequestLimits, requireStructuredLogging];

export const rulesById: ReadonlyMap<string, AnyRule> = new Map(rules.map((rule) => [rule.id, rule]));
