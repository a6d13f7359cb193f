import { isDeepStrictEqual } from "node:util";
import { parseDocument } from "yaml";
import { differenceId, type Difference } from "./difference.js";
import { readInput } from "./input-file.js";
import { DriftInputError } from "./input-error.js";
import type { ModelSource } from "./smithy.js";

/**
 * One deliberate difference and why. It names a difference by `id` (`kind shape pointer`) or by `kind`,
 * `shape` and `pointer`; `model` and `spec`, when given, pin the two values, so that a later change on
 * either side is a new difference rather than one silently explained by an old entry. `source` (smithy or
 * botocore) keeps an entry to the differences of one kind of model: the two are generated from one service
 * definition but do not say everything alike (botocore's error structures have no members, for one), so an
 * entry for one is neither applied to the other nor reported stale there.
 */
export interface AllowEntry {
  index: number;
  id?: string;
  kind?: string;
  shape?: string;
  pointer?: string;
  model?: unknown;
  spec?: unknown;
  hasModel: boolean;
  hasSpec: boolean;
  source?: ModelSource;
  rule?: string;
  reason: string;
}

const knownKeys = new Set(["id", "kind", "shape", "pointer", "model", "spec", "source", "rule", "reason"]);
const sources: readonly ModelSource[] = ["smithy", "botocore"];

export async function loadAllowlist(file: string): Promise<AllowEntry[]> {
  const text = (await readInput(file, "allowlist")).toString("utf8");
  const yaml = parseDocument(text, { uniqueKeys: true });
  if (yaml.errors.length > 0) throw new DriftInputError(`${file}: not YAML: ${yaml.errors[0]!.message.split("\n")[0]}`);
  const root = yaml.toJS() as unknown;
  const list = root === null || root === undefined ? [] : (root as { differences?: unknown }).differences;
  if (
    typeof root !== "object" ||
    Array.isArray(root) ||
    (list !== undefined && list !== null && !Array.isArray(list))
  ) {
    throw new DriftInputError(`${file}: expected a mapping with a "differences" list`);
  }
  return ((list ?? []) as unknown[]).map((raw, index) => parseEntry(file, raw, index));
}

function parseEntry(file: string, raw: unknown, index: number): AllowEntry {
  const where = `${file}: entry ${index + 1}`;
  if (raw === null || typeof raw !== "object" || Array.isArray(raw))
    throw new DriftInputError(`${where}: not a mapping`);
  const e = raw as Record<string, unknown>;
  const unknown = Object.keys(e).filter((k) => !knownKeys.has(k));
  if (unknown.length > 0)
    throw new DriftInputError(`${where}: unknown key(s) ${unknown.join(", ")} (allowed: ${[...knownKeys].join(", ")})`);
  if (typeof e.reason !== "string" || e.reason.trim() === "") throw new DriftInputError(`${where}: needs a "reason"`);
  const strings = ["id", "kind", "shape", "pointer", "rule"].filter(
    (k) => e[k] !== undefined && typeof e[k] !== "string",
  );
  if (strings.length > 0) throw new DriftInputError(`${where}: ${strings.join(", ")} must be a string`);
  if (e.source !== undefined && !sources.includes(e.source as ModelSource))
    throw new DriftInputError(`${where}: source must be one of ${sources.join(", ")}, got ${JSON.stringify(e.source)}`);
  const precise = e.kind !== undefined && e.shape !== undefined && e.pointer !== undefined;
  if (e.id === undefined && !precise)
    throw new DriftInputError(`${where}: needs an "id", or "kind", "shape" and "pointer"`);
  return {
    index: index + 1,
    id: e.id as string | undefined,
    kind: e.kind as string | undefined,
    shape: e.shape as string | undefined,
    pointer: e.pointer as string | undefined,
    model: e.model,
    spec: e.spec,
    hasModel: Object.hasOwn(e, "model"),
    hasSpec: Object.hasOwn(e, "spec"),
    source: e.source as ModelSource | undefined,
    rule: e.rule as string | undefined,
    reason: e.reason,
  };
}

/** Whether an entry is about models of this source (an entry without `source` is about both). */
export function appliesTo(entry: AllowEntry, source: ModelSource): boolean {
  return entry.source === undefined || entry.source === source;
}

export function matches(entry: AllowEntry, d: Difference): boolean {
  return names(entry, d) && pinChanges(entry, d).length === 0;
}

/** Whether the entry is about this difference, whatever values it pins. */
export function names(entry: AllowEntry, d: Difference): boolean {
  return entry.id !== undefined
    ? entry.id === differenceId(d)
    : entry.kind === d.kind && entry.shape === d.shape && entry.pointer === d.pointer;
}

/**
 * How the difference's values have moved from those the entry pins, in words: `model: added "Validation"` for
 * lists, `model was "\\S"` otherwise. Empty when the pins hold.
 */
export function pinChanges(entry: AllowEntry, d: Difference): string[] {
  const changes: string[] = [];
  for (const side of ["model", "spec"] as const) {
    const pinned = normalize(entry[side]);
    const now = normalize(d[side]);
    if (!(side === "model" ? entry.hasModel : entry.hasSpec) || isDeepStrictEqual(pinned, now)) continue;
    if (!Array.isArray(pinned) || !Array.isArray(now)) {
      changes.push(`${side} was ${JSON.stringify(pinned)}`);
      continue;
    }
    const added = now.filter((v) => !pinned.some((p) => isDeepStrictEqual(p, v)));
    const removed = pinned.filter((v) => !now.some((n) => isDeepStrictEqual(n, v)));
    const moves = [added.length ? `added ${list(added)}` : "", removed.length ? `removed ${list(removed)}` : ""];
    changes.push(`${side}: ${moves.filter(Boolean).join(", ") || "reordered"}`);
  }
  return changes;
}

function list(values: unknown[]): string {
  return values.map((v) => JSON.stringify(v)).join(", ");
}

/** YAML and the comparison both produce plain JSON data; `undefined` and `null` both mean "none". */
function normalize(value: unknown): unknown {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as unknown);
}

export function entryName(entry: AllowEntry): string {
  return entry.id ?? `${entry.kind} ${entry.shape} ${entry.pointer}`;
}
