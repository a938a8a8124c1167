/** `--since 7d`: a lookback window (minutes, hours or days; CloudTrail keeps 90 days of events). */
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const MAX_MS = 90 * UNIT_MS.d;

/** The start time for a window like `30m`, `12h`, `7d`; undefined when the text is not one. */
export function parseSince(text: string, now = Date.now()): Date | undefined {
  const m = /^(\d+)([mhd])$/.exec(text.trim());
  if (!m) return undefined;
  const ms = Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
  if (ms <= 0 || ms > MAX_MS) return undefined;
  return new Date(now - ms);
}
