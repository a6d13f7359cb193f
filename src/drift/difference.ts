/** What a difference is about; an allowlist entry names it with `shape` and `pointer`. */
export type DifferenceKind =
  | "http-method"
  | "http-uri"
  | "http-code"
  | "label-name"
  | "label-missing"
  | "binding-not-in-spec"
  | "binding-not-in-model"
  | "body"
  | "member-not-in-spec"
  | "member-not-in-model"
  | "json-name"
  | "required"
  | "type"
  | "nullable"
  | "enum"
  | "pattern"
  | "length"
  | "range"
  | "timestamp-format"
  | "sensitive"
  | "spec-keyword"
  | "error-not-in-spec"
  | "error-not-in-model"
  | "error-not-in-table"
  | "error-status"
  | "error-table";

/**
 * One way the document and the model disagree, as data (as ajv keeps a validation error: an object, built where
 * it is found, reported later). `shape` is the model's shape id where the trait lives (or would live), `pointer`
 * the document's JSON pointer where the keyword is (or would be); `model` and `spec` are the two values, so that
 * an allowlist entry can pin them. `message` says it in words, without the kind (the report prints the kind).
 */
export interface Difference {
  kind: DifferenceKind;
  shape: string;
  pointer: string;
  model: unknown;
  spec: unknown;
  message: string;
  /** Where the comparison met it first, such as `UpdatePhoneNumber input.Name`. */
  at: string;
}

/** A difference whose message, when not given, is the two values side by side. */
export function difference(found: Omit<Difference, "message"> & { message?: string }): Difference {
  return { ...found, message: found.message ?? `model ${show(found.model)}, spec ${show(found.spec)}` };
}

/** A value in a message: JSON, or `none` for an absent one. */
export function show(value: unknown): string {
  if (value === undefined || value === null) return "none";
  return JSON.stringify(value);
}

/** The id an allowlist entry may name: kind, shape and pointer. */
export function differenceId(d: Pick<Difference, "kind" | "shape" | "pointer">): string {
  return `${d.kind} ${d.shape} ${d.pointer}`;
}

/** One difference per kind, shape, pointer and values: two operations sharing a schema meet it twice. */
export function dedupe(differences: readonly Difference[]): Difference[] {
  const seen = new Map<string, Difference>();
  for (const d of differences) {
    const key = `${differenceId(d)} ${JSON.stringify(d.model)} ${JSON.stringify(d.spec)}`;
    if (!seen.has(key)) seen.set(key, d);
  }
  return [...seen.values()];
}
