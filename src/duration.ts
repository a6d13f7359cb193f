const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * DESIGN's one duration grammar: a number with `ms`, `s`, `m` or `h` (`250ms`, `5s`, `72h`);
 * a bare number means milliseconds. Returns milliseconds, or undefined when the text is not one. Shared by the
 * command line's flags and the server's control interface (fault latency), so neither imports the other.
 */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!match) return undefined;
  const value = Number(match[1]) * units[match[2] ?? "ms"]!;
  return Number.isFinite(value) ? Math.round(value) : undefined;
}
