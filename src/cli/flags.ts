import { atMost, parseDuration, timerLimit, type DurationLimit } from "../duration.js";
import { UsageError } from "../errors.js";
import { schemeOf } from "../server/redaction.js";
export { UsageError } from "../errors.js";

export type FlagType = "string" | "boolean" | "integer" | "duration";

export interface FlagSpec {
  name: string;
  type: FlagType;
  description: string;
  /** Shown in help; applied when the flag is absent. */
  default?: string | number | boolean;
  /** Shown in help when the default is computed rather than a literal (such as the package's own file). */
  defaultText?: string;
  /** Shown in help for the value, such as `FILE` or `URL`. */
  value?: string;
  /** May be given several times; the option is then an array. */
  repeatable?: boolean;
  /** Accepted values, checked when parsing. */
  choices?: readonly string[];
  /** Lower bound for integers, and for durations in milliseconds. */
  min?: number;
  /** Upper bound for durations: the longest a timer can wait unless the flag is never waited for (src/duration.ts). */
  limit?: DurationLimit;
  /** The value may hold a password (a database URL, or libpq's `password=`): an error shows its scheme word only. */
  secret?: boolean;
}

export type FlagValues = Record<string, string | number | boolean | Array<string | number> | undefined>;

// The flags as the user gave them, in order, by the values object parseFlags returned: for a command line that
// runs the same again ("again:"), which defaults must not clutter.
const given = new WeakMap<FlagValues, Array<[string, string]>>();

/** Each flag given on the command line, in order, with its value as typed ("true" for a bare boolean). */
export function givenFlags(values: FlagValues): ReadonlyArray<readonly [string, string]> {
  return given.get(values) ?? [];
}

/**
 * Parses `--name value`, `--name=value`, `--flag` and `--no-flag` by the command's table; anything else is a
 * UsageError. `beforeSeparator`: argv ended at a `--` (the value of a flag never follows it).
 */
export function parseFlags(
  command: string,
  specs: readonly FlagSpec[],
  argv: readonly string[],
  beforeSeparator = false,
): FlagValues {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const values: FlagValues = {};
  const typed: Array<[string, string]> = [];
  given.set(values, typed);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith("--") || arg === "--") throw new UsageError(`${command}: unexpected argument '${arg}'`);
    const eq = arg.indexOf("=");
    let name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    let inline = eq === -1 ? undefined : arg.slice(eq + 1);
    let spec = byName.get(name);
    if (!spec && name.startsWith("no-") && byName.get(name.slice(3))?.type === "boolean" && inline === undefined) {
      name = name.slice(3);
      spec = byName.get(name)!;
      inline = "false";
    }
    if (!spec) throw new UsageError(`${command}: unknown flag --${name} (see '${command} --help')`);
    let raw: string;
    if (spec.type === "boolean") {
      raw = inline ?? "true";
      if (raw !== "true" && raw !== "false") throw new UsageError(`${command}: --${name} takes no value`);
    } else if (inline !== undefined) {
      raw = inline;
    } else {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith("--") && next.length > 2))
        throw new UsageError(
          `${command}: --${name} needs a value${next === undefined && beforeSeparator ? " before '--' (what follows '--' is the command to run)" : ""}`,
        );
      raw = next;
      i++;
    }
    const value = convert(command, spec, raw);
    typed.push([name, raw]);
    if (spec.repeatable) {
      const list = (values[name] as Array<string | number> | undefined) ?? [];
      list.push(value as string | number);
      values[name] = list;
    } else {
      if (values[name] !== undefined) throw new UsageError(`${command}: --${name} given more than once`);
      values[name] = value;
    }
  }
  for (const spec of specs) {
    if (values[spec.name] === undefined && spec.default !== undefined) {
      values[spec.name] = spec.repeatable
        ? [spec.default as string | number]
        : spec.type === "duration" && typeof spec.default === "string"
          ? parseDuration(spec.default)
          : spec.default;
    }
  }
  return values;
}

function convert(command: string, spec: FlagSpec, raw: string): string | number | boolean {
  switch (spec.type) {
    case "boolean":
      return raw === "true";
    case "integer": {
      if (!/^-?\d+$/.test(raw)) throw new UsageError(`${command}: --${spec.name} must be an integer, got '${raw}'`);
      const n = Number(raw);
      if (spec.min !== undefined && n < spec.min)
        throw new UsageError(`${command}: --${spec.name} must be at least ${spec.min}, got ${n}`);
      return n;
    }
    case "duration": {
      const ms = parseDuration(raw);
      if (ms === undefined)
        throw new UsageError(
          `${command}: --${spec.name} must be a duration such as 250ms, 5s, 1m or 72h, got '${raw}'`,
        );
      if (spec.min !== undefined && ms < spec.min)
        throw new UsageError(`${command}: --${spec.name} must be at least ${spec.min} ms, got '${raw}'`);
      const limit = spec.limit ?? timerLimit;
      if (ms > limit.ms) throw new UsageError(`${command}: --${spec.name} must be ${atMost(limit)}, got '${raw}'`);
      return ms;
    }
    case "string": {
      if (raw === "") throw new UsageError(`${command}: --${spec.name} must not be empty`);
      if (spec.choices) {
        const base = raw.split(":")[0]!;
        if (!spec.choices.includes(base))
          throw new UsageError(
            `${command}: --${spec.name} must be one of ${spec.choices.join(", ")}${gotChoice(spec, raw)}`,
          );
      }
      return raw;
    }
  }
}

/**
 * The value a refused choice is named by. Only the word before ':' is repeated: the rest may be a URL holding a
 * password (--store postgress://...). A flag whose value may hold a secret repeats nothing of a value without a
 * scheme (libpq's `host=... password=...` is not one).
 */
function gotChoice(spec: FlagSpec, raw: string): string {
  const base = raw.split(":")[0]!;
  if (spec.secret) {
    const scheme = schemeOf(raw);
    return scheme === undefined ? " (the value is not shown: it may hold a password)" : `, got '${scheme}:...'`;
  }
  return `, got '${base}${base === raw ? "" : ":..."}'`;
}

/** What a flag means when it is not given: a boolean is off; otherwise nothing is set. */
function defaultShown(s: FlagSpec): string {
  if (s.default !== undefined) return String(s.default);
  if (s.defaultText) return s.defaultText;
  if (s.type === "boolean") return "false";
  return "none";
}

/** Help text: every flag with its default. */
export function formatFlags(specs: readonly FlagSpec[]): string {
  const rows = specs.map((s) => {
    const left = `--${s.name}${s.type === "boolean" ? "" : ` ${s.value ?? s.type.toUpperCase()}`}`;
    const extra = [s.repeatable ? "repeatable" : "", `default: ${defaultShown(s)}`].join("; ").replace(/^; /, "");
    return [left, `${s.description}${extra ? ` (${extra})` : ""}`] as const;
  });
  const width = Math.max(0, ...rows.map(([l]) => l.length)) + 2;
  return rows.map(([l, r]) => `  ${l.padEnd(width)}${r}`).join("\n");
}
