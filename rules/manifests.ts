/**
 * The deployment rules: manifest rules (Kubernetes YAML, compose files, Dockerfiles; both front ends
 * run the YAML ones) and cross-checks between the code and its deployment (the CLI only). Presets
 * come from each rule's meta, as for the code rules.
 */
import type { AnyCrossCheck, AnyManifestRule } from '@statelint/core';
import noDuplicateSchedule from './no-duplicate-schedule/rule.js';
import noInlineSecrets from './no-inline-secrets/rule.js';
import noSessionAffinity from './no-session-affinity/rule.js';
import noStateAcrossReplicas from './no-state-across-replicas/rule.js';
import requireMultiStageBuild from './require-multi-stage-build/rule.js';
import requireNonRootUser from './require-non-root-user/rule.js';
import requirePinnedImages from './require-pinned-images/rule.js';
import requireProbeRoute from './require-probe-route/rule.js';
import requireProbes from './require-probes/rule.js';
import requireReplicas from './require-replicas/rule.js';
import requireResources from './require-resources/rule.js';
import requireRollingUpdate from './require-rolling-update/rule.js';
import requireSecurityContext from './require-security-context/rule.js';
import requireShutdownWithinGrace from './require-shutdown-within-grace/rule.js';
import requireSignalSafeCmd from './require-signal-safe-cmd/rule.js';
import requireWritablePaths from './require-writable-paths/rule.js';

export const manifestRules: readonly AnyManifestRule[] = [
  requireProbes,
  requireRollingUpdate,
  requireReplicas,
  requireResources,
  requireSecurityContext,
  noSessionAffinity,
  noInlineSecrets,
  requireMultiStageBuild,
  requireNonRootUser,
  requireSignalSafeCmd,
  requirePinnedImages,
];

export const crossChecks: readonly AnyCrossCheck[] = [
  requireWritablePaths,
  requireProbeRoute,
  requireShutdownWithinGrace,
  noStateAcrossReplicas,
  noDuplicateSchedule,
];
