import { readFile } from "node:fs/promises";
import { isDeepStrictEqual } from "node:util";
import { parseDocument } from "yaml";
import { differenceId, type Difference } from "./difference.js";
import { DriftInputError } from "./input-error.js";

/**
 * One deliberate difference and why. It names a difference by `id` (`kind shape pointer`) or by `kind`,
 * `shape` and `pointer`; `model` and `spec`, when given, pin the two values, so that a later change on
 * either side is a new difference rather than one silently explained by an old entry.
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
  rule?: string;
  reason: string;
}

const knownKeys = new Set(["id", "kind", "shape", "pointer", "model", "spec", "rule", "reason"]);

export async function loadAllowlist(file: string): Promise<AllowEntry[]> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new DriftInputError(
      `cannot read the allowlist ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
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
    rule: e.rule as string | undefined,
    reason: e.reason,
  };
}

export function matches(entry: AllowEntry, d: Difference): boolean {
  const named =
    entry.id !== undefined
      ? entry.id === differenceId(d)
      : entry.kind === d.kind && entry.shape === d.shape && entry.pointer === d.pointer;
  if (!named) return false;
  if (entry.hasModel && !isDeepStrictEqual(normalize(entry.model), normalize(d.model))) return false;
  if (entry.hasSpec && !isDeepStrictEqual(normalize(entry.spec), normalize(d.spec))) return false;
  return true;
}

/** YAML and the comparison both produce plain JSON data; `undefined` and `null` both mean "none". */
function normalize(value: unknown): unknown {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as unknown);
}

export function entryName(entry: AllowEntry): string {
  return entry.id ?? `${entry.kind} ${entry.shape} ${entry.pointer}`;
}
