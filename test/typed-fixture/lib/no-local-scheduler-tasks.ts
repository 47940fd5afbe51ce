// Job functions defined in another module: typed mode knows which return a promise.
export async function purgeExpiredSessions(): Promise<number> {
  return 0;
}

export function rotateLocalBuffer(): void {}
