/** A problem with how statelint was invoked or configured: printed as one line, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * How a failure of statelint itself on one file starts its message under `errors` (a rule's failure
 * names the rule instead). Either makes the exit code 2; the audit still goes on with other files.
 */
export const INTERNAL_ERROR = 'internal error';
