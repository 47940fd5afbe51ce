/** A problem with how statelint was invoked or configured: printed as one line, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
