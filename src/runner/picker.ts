import type { Fixture } from "../contract/fixtures.js";
import { writtenNumbers, type ConformanceCase, type NumberNeed } from "./case.js";

/** A number a case was given: a fixture the target holds, or a fictional number it does not. */
export type PickedNumber = { kind: "fixture"; fixture: Fixture } | { kind: "unknown"; e164: string };

/** Case id -> number key -> the number picked for it. */
export type Picks = Map<string, Map<string, PickedNumber>>;

/** A case that no fixture can serve: the run cannot be made (exit 2), never a silent skip. */
export class PickError extends Error {
  override name = "PickError";
}

export function matches(need: NumberNeed, f: Fixture): boolean {
  if (need.unknown) return false;
  if (need.country === "US" && f.Country !== "US") return false;
  if (need.country === "non-US" && (f.Country === "US" || f.Country === undefined)) return false;
  if (need.type && f.Type !== need.type) return false;
  if (need.productType && f.ProductType !== need.productType) return false;
  if (need.callingNameStatus && f.CallingNameStatus !== need.callingNameStatus) return false;
  if (need.name === "present" && !f.Name) return false;
  if (need.name === "absent" && f.Name) return false;
  if (need.callingName === "present" && !f.CallingName) return false;
  if (need.callingName === "absent" && f.CallingName) return false;
  return true;
}

/**
 * Gives every case the numbers it needs. A number a case updates is that case's alone, so that cases
 * never disturb one another whatever the concurrency; numbers only read (or refused updates) may be
 * shared, and are taken from those no case updates. The most constrained needs are served first.
 */
export function pickNumbers(cases: readonly ConformanceCase[], fixtures: readonly Fixture[]): Picks {
  const picks: Picks = new Map(cases.map((c) => [c.id, new Map()]));
  const taken = new Set<Fixture>();
  const exclusive: Array<{ c: ConformanceCase; key: string; need: NumberNeed; candidates: Fixture[] }> = [];
  const shared: Array<{ c: ConformanceCase; key: string; need: NumberNeed }> = [];
  const known = new Set(fixtures.map((f) => f.E164PhoneNumber));
  for (const c of cases) {
    const written = writtenNumbers(c);
    for (const [key, need] of Object.entries(c.numbers)) {
      if (need.unknown) picks.get(c.id)!.set(key, { kind: "unknown", e164: unknownNumber(known, need) });
      else if (written.has(key)) exclusive.push({ c, key, need, candidates: fixtures.filter((f) => matches(need, f)) });
      else shared.push({ c, key, need });
    }
  }
  exclusive.sort((a, b) => a.candidates.length - b.candidates.length);
  for (const { c, key, need, candidates } of exclusive) {
    const free = candidates.find((f) => !taken.has(f));
    if (!free)
      throw new PickError(
        `case '${c.id}' (${c.source.file}:${c.source.line}) needs a number of its own for '${key}' (${describe(need)}), and no fixture left can serve it (${candidates.length} match, all taken)`,
      );
    taken.add(free);
    picks.get(c.id)!.set(key, { kind: "fixture", fixture: free });
  }
  for (const { c, key, need } of shared) {
    const free = fixtures.find((f) => matches(need, f) && !taken.has(f));
    if (!free)
      throw new PickError(
        `case '${c.id}' (${c.source.file}:${c.source.line}) needs a number for '${key}' (${describe(need)}) that no case updates, and no fixture can serve it`,
      );
    picks.get(c.id)!.set(key, { kind: "fixture", fixture: free });
  }
  return picks;
}

/** A fictional number in the project's ranges that the fixtures do not hold. */
function unknownNumber(known: ReadonlySet<string>, need: NumberNeed): string {
  const gb = need.country === "non-US";
  for (let n = 99; n >= 0; n--) {
    const e164 = gb ? `+4420794609${String(n).padStart(2, "0")}` : `+120655501${String(n).padStart(2, "0")}`;
    if (!known.has(e164)) return e164;
  }
  throw new PickError("every fictional number is a fixture: no unknown number is left");
}

export function describe(need: NumberNeed): string {
  const parts = Object.entries(need).map(([k, v]) => `${k}: ${String(v)}`);
  return parts.length ? parts.join(", ") : "any number";
}
