import { decodedLabel, maxLabelLength } from "../contract/label.js";
import type { Validator } from "../contract/index.js";

export type LabelOutcome = { ok: true; value: string } | { ok: false; message: string };

export { maxLabelLength };

/**
 * W1: the label decoded (`decodedLabel`, the judges' decoding too), refused when longer than the framework's limit
 * (W5), then judged by the document's own label schema (empty or all-ASCII-blank: 400; U+00A0 alone is a valid
 * label).
 */
export function decodeLabel(rawLabel: string, validate: Validator): LabelOutcome {
  if (rawLabel.length > maxLabelLength) {
    return { ok: false, message: `phoneNumberId: the path label is longer than ${maxLabelLength} characters` };
  }
  const value = decodedLabel(rawLabel);
  if (value === undefined) return { ok: false, message: "phoneNumberId: the path label is not valid percent-encoding" };
  const outcome = validate(value);
  if (!outcome.valid) {
    return {
      ok: false,
      message: "phoneNumberId: the path label must contain at least one character that is not white space",
    };
  }
  return { ok: true, value };
}
