import type { Fixture } from "../fixtures/fixtures.js";
import { caseRequests, writtenNumbers, type ConformanceCase, type NumberNeed } from "../cases/case.js";
import { PickError } from "../errors.js";
export { PickError } from "../errors.js";

/** A number a case was given: a fixture the target holds, or a fictional number it does not. */
export type PickedNumber = { kind: "fixture"; fixture: Fixture } | { kind: "unknown"; e164: string };

/** Case id -> number key -> the number picked for it. */
export type Picks = Map<string, Map<string, PickedNumber>>;

export function matches(need: NumberNeed, f: Fixture): boolean {
  return fitsNeed(need, f);
}

function fitsNeed(need: NumberNeed, f: Fixture): boolean {
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

/** A need no number could serve, and why. */
export interface Unserved {
  case: ConformanceCase;
  key: string;
  need: NumberNeed;
  message: string;
}

/**
 * Gives every case the numbers it needs. A number a case updates is that case's alone, so that cases
 * never disturb one another whatever the concurrency; numbers only read (or refused updates) may be
 * shared, and are taken from those no case updates, each need from the fitting number the fewest requests
 * go to so far: the runner runs cases that share a number one after another, and a number many cases shared
 * would hold them all in one line. The most constrained needs are served first. `fixtures` is what the target
 * holds: the fixtures file, or what the target answered for its numbers. Throws on the first need no number
 * serves.
 */
export function pickNumbers(cases: readonly ConformanceCase[], fixtures: readonly Fixture[]): Picks {
  const { picks, unserved } = pickWhatCan(cases, fixtures);
  if (unserved[0]) throw new PickError(unserved[0].message);
  return picks;
}

/** As `pickNumbers`, but serves every need it can and lists the others (their cases get no picks). */
export function pickWhatCan(
  cases: readonly ConformanceCase[],
  fixtures: readonly Fixture[],
  known: ReadonlySet<string> = new Set(fixtures.map((f) => f.E164PhoneNumber)),
  options: { preparePending?: boolean } = {},
): { picks: Picks; unserved: Unserved[]; exclusive: Set<string> } {
  // With a short calling-name delay (`--calling-name-delay`) pending numbers complete during the run: a case that
  // needs one gets a number of its own that the runner makes pending when the case starts, if it is not by then.
  const prepared = (need: NumberNeed) =>
    options.preparePending === true && need.callingNameStatus === "UpdateInProgress";
  const matches = (need: NumberNeed, f: Fixture) => {
    if (!prepared(need)) return fitsNeed(need, f);
    const { callingNameStatus: _, ...rest } = need;
    return fitsNeed(rest, f);
  };
  const picks: Picks = new Map(cases.map((c) => [c.id, new Map()]));
  const unserved: Unserved[] = [];
  const taken = new Set<Fixture>();
  const exclusive: Array<{ c: ConformanceCase; key: string; need: NumberNeed; candidates: Fixture[] }> = [];
  const shared: Array<{ c: ConformanceCase; key: string; need: NumberNeed }> = [];
  for (const c of cases) {
    const written = writtenNumbers(c);
    for (const [key, need] of Object.entries(c.numbers)) {
      if (need.unknown) picks.get(c.id)!.set(key, { kind: "unknown", e164: unknownNumber(known, need.country) });
      else if (written.has(key) || prepared(need))
        exclusive.push({ c, key, need, candidates: fixtures.filter((f) => matches(need, f)) });
      else shared.push({ c, key, need });
    }
  }
  exclusive.sort((a, b) => a.candidates.length - b.candidates.length);
  // Of the numbers that fit, the one other needs depend on least (a need with one candidate depends on it wholly):
  // a rare number is left to the need that only it serves.
  const needs = [...exclusive.map((e) => e.need), ...shared.map((e) => e.need)];
  const fitting = needs.map((n) => fixtures.filter((f) => matches(n, f)));
  const demand = new Map<Fixture, number>(fixtures.map((f) => [f, 0]));
  for (const list of fitting) for (const f of list) demand.set(f, demand.get(f)! + 1 / list.length);
  const leastDemanded = (list: Fixture[]) =>
    list.filter((f) => !taken.has(f)).sort((a, b) => demand.get(a)! - demand.get(b)!)[0];
  for (const { c, key, need, candidates } of exclusive) {
    const free = leastDemanded(candidates);
    if (!free) {
      unserved.push({
        case: c,
        key,
        need,
        message: `case '${c.id}' (${c.source.file}:${c.source.line}) needs a number of its own for '${key}' (${describe(need)}), and no fixture left can serve it (${candidates.length} match, all taken)`,
      });
      continue;
    }
    taken.add(free);
    picks.get(c.id)!.set(key, { kind: "fixture", fixture: free });
  }
  // Requests the cases send to each shared number so far: a need goes to the fitting number with the fewest.
  const load = new Map<Fixture, number>();
  for (const { c, key, need } of shared) {
    const free = fixtures
      .filter((f) => matches(need, f) && !taken.has(f))
      .reduce<Fixture | undefined>(
        (best, f) => (best && (load.get(best) ?? 0) <= (load.get(f) ?? 0) ? best : f),
        undefined,
      );
    if (!free) {
      unserved.push({
        case: c,
        key,
        need,
        message: `case '${c.id}' (${c.source.file}:${c.source.line}) needs a number for '${key}' (${describe(need)}) that no case updates, and no fixture can serve it`,
      });
      continue;
    }
    load.set(free, (load.get(free) ?? 0) + caseRequests(c).length);
    picks.get(c.id)!.set(key, { kind: "fixture", fixture: free });
  }
  for (const u of unserved) picks.delete(u.case.id);
  return { picks, unserved, exclusive: new Set([...taken].map((f) => f.E164PhoneNumber)) };
}

/** A fictional number in the project's ranges (US, or GB for `non-US`) that the fixtures do not hold. */
export function unknownNumber(known: ReadonlySet<string>, country: NumberNeed["country"] = "US"): string {
  const gb = country === "non-US";
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
