// The AWS SDK's own grammar for date-time members (@smithy/core parseRfc3339DateTimeWithOffset): a `T`
// between date and time and a zone are required. ajv-formats' date-time also allows a space, which the SDK
// rejects (W2).
const rfc3339 = /^(\d{4})-(\d{2})-(\d{2})[tT](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(([-+]\d{2}:\d{2})|[zZ])$/;

/** Milliseconds since the epoch, or undefined when the SDK would refuse the text. */
export function parseSdkTimestamp(text: unknown): number | undefined {
  if (typeof text !== "string") return undefined;
  const m = rfc3339.exec(text);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = Number(m[6]);
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 60) return undefined;
  if (day < 1 || day > daysInMonth(year, month)) return undefined;
  const ms = Date.parse(text.toUpperCase());
  return Number.isNaN(ms) ? undefined : ms;
}

/** Days in a month of the proleptic Gregorian calendar (the proxy judges every timestamp of every answer). */
function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
