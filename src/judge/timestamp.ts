// The AWS SDK's own grammar for date-time members (@smithy/core parseRfc3339DateTimeWithOffset): a `T`
// between date and time and a zone are required. ajv-formats' date-time also allows a space, which the SDK
// rejects (W2).
const rfc3339 = /^(\d{4})-(\d{2})-(\d{2})[tT](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(([-+]\d{2}:\d{2})|[zZ])$/;

/** Milliseconds since the epoch, or undefined when the SDK would refuse the text. */
export function parseSdkTimestamp(text: unknown): number | undefined {
  if (typeof text !== "string") return undefined;
  const m = rfc3339.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 60) return undefined;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > daysInMonth) return undefined;
  const ms = Date.parse(text.toUpperCase());
  return Number.isNaN(ms) ? undefined : ms;
}
