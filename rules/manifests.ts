/**
 * The deployment rules: manifest rules (Kubernetes YAML, compose files, Dockerfiles; both front ends
 * run the YAML ones) and cross-checks between the code and its deployment (the CLI only). Presets
 * come from each rule's meta, as for the code rules.
 */
import type { AnyCrossCheck, AnyManifestRule } from '@statelint/core';

export const manifestRules: readonly AnyManifestRule[] = [];

export const crossChecks: readonly AnyCrossCheck[] = [];
