/** Pulls the first dotted version out of a tool's own output: "kind v0.33.0 go1.25" → "0.33.0". */
export function extractVersion(output: string): string | undefined {
  return /v?(\d+\.\d+(?:\.\d+)?)/.exec(output)?.[1];
}

/** -1, 0 or 1, comparing numerically part by part; a missing part counts as 0. */
export function compareVersions(a: string, b: string): number {
  const left = a.split('.').map(Number);
  const right = b.split('.').map(Number);
  for (let i = 0; i < Math.max(left.length, right.length); i += 1) {
    const diff = (left[i] ?? 0) - (right[i] ?? 0);
    if (diff !== 0) return Math.sign(diff);
  }
  return 0;
}
