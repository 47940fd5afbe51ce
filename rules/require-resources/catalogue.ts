/** Kubernetes resource quantities: suffixes and their factors (decimal SI, binary, and milli). */
export const QUANTITY_SUFFIXES: Readonly<Record<string, number>> = {
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
  Ti: 1024 ** 4,
};

/** `500m` → 0.5, `256Mi` → 268435456; undefined when not a quantity. */
export function quantity(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const match = /^(\d+(?:\.\d+)?)([a-zA-Z]*)$/.exec(text.trim());
  if (match === null) return undefined;
  const factor = QUANTITY_SUFFIXES[match[2]!];
  return factor === undefined ? undefined : Number(match[1]) * factor;
}
