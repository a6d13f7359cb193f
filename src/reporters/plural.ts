/** A count with its noun, `1 case` and `2 cases`: every report says how many of something in words. */
export const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? "" : "s"}`;
