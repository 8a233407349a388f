const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/**
 * `45s`, `30m`, `2h`, `3d`, `1w` → milliseconds. One positive whole number and one unit only:
 * mixed (`1h30m`), zero, negative or unitless values are refused (undefined).
 */
export function parseDuration(text: string): number | undefined {
  const match = /^\s*(\d{1,6})\s*([smhdw])\s*$/i.exec(text);
  if (!match) return undefined;
  const amount = Number(match[1]);
  if (amount <= 0) return undefined;
  return amount * UNIT_MS[match[2]!.toLowerCase() as keyof typeof UNIT_MS];
}
