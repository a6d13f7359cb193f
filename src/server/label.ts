import type { Validator } from "../contract/index.js";

export type LabelOutcome = { ok: true; value: string } | { ok: false; message: string };

/** Longer raw labels are refused as the framework would refuse them (W5), long before any lookup. */
export const maxLabelLength = 100;

/**
 * W1: percent-decode once; a result that still starts with `%2B` (a client passing back the
 * `PhoneNumberId` it was given) is decoded again. Then the document's own label schema decides
 * (empty or all-ASCII-blank: 400; U+00A0 alone is a valid label).
 */
export function decodeLabel(rawLabel: string, validate: Validator): LabelOutcome {
  if (rawLabel.length > maxLabelLength) {
    return { ok: false, message: `phoneNumberId: the path label is longer than ${maxLabelLength} characters` };
  }
  let value: string;
  try {
    value = decodeURIComponent(rawLabel);
    if (/^%2B/i.test(value)) value = decodeURIComponent(value);
  } catch {
    return { ok: false, message: "phoneNumberId: the path label is not valid percent-encoding" };
  }
  const outcome = validate(value);
  if (!outcome.valid) {
    return {
      ok: false,
      message: "phoneNumberId: the path label must contain at least one character that is not white space",
    };
  }
  return { ok: true, value };
}
