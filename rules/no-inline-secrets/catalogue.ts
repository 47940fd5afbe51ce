/** How a secret looks: by the variable's name, and by the value's shape. */

/** Names that hold secrets (matched against the upper-cased name split on `_`/`-`). */
export const SECRET_NAME = /(^|_)(PASSWORD|PASSWD|PWD|SECRET|TOKEN|API_?KEY|APIKEY|PRIVATE_?KEY|ACCESS_?KEY|CLIENT_?SECRET|CREDENTIALS?|AUTH|DSN|CONNECTION_?STRING|SIGNING_?KEY|ENCRYPTION_?KEY|SESSION_?KEY|COOKIE_?SECRET|WEBHOOK_?SECRET)($|_)/;

/** Names that look like secrets but hold a reference to one (a file, a path, a name, a flag). */
export const REFERENCE_NAME = /(_FILE|_PATH|_DIR|_NAME|_ID|_URL|_URI|_HOST|_ENDPOINT|_ENABLED|_HEADER|_TTL|_EXPIRY|_EXPIRES(_IN)?|_LENGTH|_ALGORITHM|_TYPE|_FIELD|_ISSUER|_AUDIENCE)$/;

/** Values that are secrets whatever the variable is called. */
export const SECRET_SHAPES: readonly { name: string; pattern: RegExp }[] = [
  { name: 'an AWS access key id', pattern: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { name: 'a GitHub token', pattern: /\bgh[pousr]_[A-Za-z0-9]{36,}\b/ },
  { name: 'a Slack token', pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,}/ },
  { name: 'a Stripe secret key', pattern: /\b[sr]k_live_[A-Za-z0-9]{16,}/ },
  { name: 'a private key', pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
  { name: 'a JSON Web Token', pattern: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/ },
  { name: 'a connection string with a password', pattern: /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:[^\s@/]{3,}@/i },
];

/**
 * Values that are placeholders, not secrets: the usual words, variables, paths, and identifiers in
 * capitals (`GOOGLE_API_KEY_VAL`, `YOUR_TOKEN_HERE`) that a deploy script substitutes.
 */
export const PLACEHOLDER_IDENTIFIER = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$|^([Yy]our|YOUR|[Rr]eplace|REPLACE|[Cc]hange|CHANGE|[Ii]nsert|INSERT|[Ee]nter|ENTER)[-_ ]/;

export const PLACEHOLDER = /^(|changeme|change-me|example|dummy|test|secret|password|xxx+|\*+|<[^>]*>|\$\{[^}]*\}|\$\(.*\)|\$[A-Z_][A-Z0-9_]*|none|null|true|false|yes|no|on|off|enabled|disabled|\d{1,6}|\/.*)$/i;
