/** How a secret looks: by the variable's name, and by the value's shape. */

/** Names that hold secrets (matched against the upper-cased name split on `_`/`-`). */
export const SECRET_NAME = /(^|_)(PASSWORD|PASSWD|PWD|SECRET|TOKEN|API_?KEY|APIKEY|PRIVATE_?KEY|ACCESS_?KEY|CLIENT_?SECRET|CREDENTIALS?|AUTH|DSN|CONNECTION_?STRING|SIGNING_?KEY|ENCRYPTION_?KEY|SESSION_?KEY|COOKIE_?SECRET|WEBHOOK_?SECRET)($|_)/;

/** Names that look like secrets but hold a reference to one (a file, a path, a name, a flag). */
export const REFERENCE_NAME = /(_FILE|_PATH|_DIR|_NAME|_ID|_URL|_URI|_HOST|_ENDPOINT|_ENABLED|_HEADER|_TTL|_EXPIRY|_EXPIRES(_IN)?|_LENGTH|_ALGORITHM|_TYPE|_FIELD|_ISSUER|_AUDIENCE)$/;

/**
 * Values that are secrets whatever the variable is called. `everywhere`: a live credential of a
 * vendor, reported in every file, production or not (a test compose file leaks it as well); the
 * others are reported in production files only (a dev stack's connection string holds the stack's
 * own datastore password).
 */
export const SECRET_SHAPES: readonly { name: string; pattern: RegExp; everywhere: boolean }[] = [
  { name: 'an AWS access key id', pattern: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/, everywhere: true },
  { name: 'a GitHub token', pattern: /\bgh[pousr]_[A-Za-z0-9]{36,}\b/, everywhere: true },
  { name: 'a Slack token', pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,}/, everywhere: true },
  { name: 'a Stripe secret key', pattern: /\b[sr]k_live_[A-Za-z0-9]{16,}/, everywhere: true },
  { name: 'a private key', pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/, everywhere: false },
  { name: 'a JSON Web Token', pattern: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/, everywhere: false },
];

/** A URL with credentials (`postgres://user:password@host/db`): a secret when the password is a literal. */
export const CONNECTION_STRING = /\b[a-z][a-z0-9+.-]*:\/\/([^\s:/@]+):([^\s@/]+)@/i;
export const CONNECTION_STRING_SHAPE = 'a connection string with a password';

/**
 * Identifiers in capitals that a deploy script or the reader substitutes (`GOOGLE_API_KEY_VAL`,
 * `STRONG_DB_PASSWORD`), and values that tell the reader to put their own (`your-token-here`,
 * `replace-me-with-a-random-string`, `change_this`).
 */
export const PLACEHOLDER_IDENTIFIER = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$|^([Yy]our|YOUR|[Rr]eplace|REPLACE|[Cc]hange|CHANGE|[Ii]nsert|INSERT|[Ee]nter|ENTER|[Pp]ut|PUT|[Gg]enerate|GENERATE|[Ss]et|SET)[-_ ]?(me|ME|this|THIS|it|IT|your|YOUR|a|an|the|with|[-_ ])/;

/** Placeholder words and the values that are no value (empty, a flag, a number, a path). */
export const PLACEHOLDER = /^(|changeme|changethis|changeit|change-me|change_me|replaceme|placeholder|example|sample|dummy|fake|test|testing|secret|password|passwd|pass|pwd|xxx+|\*+|todo|tbd|redacted|none|null|true|false|yes|no|on|off|enabled|disabled|\d{1,6}|\/.*)$/i;

/**
 * Template and variable syntax: the value is filled in at deploy time, from the environment or from
 * another variable: `${VAR}`, `$VAR`, `$(VAR)` (Kubernetes' dependent variables, fed from a
 * secretKeyRef), `{{ .Values.x }}` and `${{ inputs.x }}` (Helm, Sealos, GitHub), `<your-key>`,
 * `%VAR%`, `#{VAR}#`, `__VAR__`.
 */
export const TEMPLATE = /\$\{[^}]*\}|\$\([^)]*\)|^\$[A-Za-z_][A-Za-z0-9_]*$|\{\{.*\}\}|<[^<>]+>|%[A-Za-z_][A-Za-z0-9_]*%|#\{[^}]*\}|^__[A-Z0-9_]+__$/;

/** Is a value (or a connection string's password) a placeholder rather than a secret? */
export function isPlaceholder(value: string): boolean {
  const v = value.trim().replace(/^(['"])(.*)\1$/, '$2');
  return PLACEHOLDER.test(v) || PLACEHOLDER_IDENTIFIER.test(v) || TEMPLATE.test(v);
}
