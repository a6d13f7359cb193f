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
  if (need.callingNameStatus && !statusFits(need.callingNameStatus, f.CallingNameStatus)) return false;
  if (need.name === "present" && !f.Name) return false;
  if (need.name === "absent" && f.Name) return false;
  if (need.callingName === "present" && !f.CallingName) return false;
  if (need.callingName === "absent" && f.CallingName) return false;
  return true;
}

function statusFits(wanted: NonNullable<NumberNeed["callingNameStatus"]>, held: string | undefined): boolean {
  return Array.isArray(wanted) ? wanted.some((w) => w === held) : wanted === held;
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
  const exclusive: Need[] = [];
  const shared: Need[] = [];
  for (const c of cases) {
    const written = writtenNumbers(c);
    for (const [key, need] of Object.entries(c.numbers)) {
      const candidates = fixtures.filter((f) => matches(need, f));
      if (need.unknown) picks.get(c.id)!.set(key, { kind: "unknown", e164: unknownNumber(known, need.country) });
      else if (written.has(key) || prepared(need)) exclusive.push({ c, key, need, candidates });
      else shared.push({ c, key, need, candidates });
    }
  }
  let chosen = greedy(exclusive, shared, fixtures);
  // A case with many numbers (a recording) can defeat the greedy choice where an assignment exists: search for one.
  if (chosen.unserved.length) {
    const matched = matching(exclusive, shared);
    if (matched.unserved.length < chosen.unserved.length) chosen = matched;
  }
  for (const [n, fixture] of chosen.assigned) picks.get(n.c.id)!.set(n.key, { kind: "fixture", fixture });
  const unserved = chosen.unserved.map((n) => ({
    case: n.c,
    key: n.key,
    need: n.need,
    message: exclusive.includes(n)
      ? `case '${n.c.id}' (${n.c.source.file}:${n.c.source.line}) needs a number of its own for '${n.key}' (${describe(n.need)}), and no fixture left can serve it (${n.candidates.length} match, all taken)`
      : `case '${n.c.id}' (${n.c.source.file}:${n.c.source.line}) needs a number for '${n.key}' (${describe(n.need)}) that no case updates, and no fixture can serve it`,
  }));
  for (const u of unserved) picks.delete(u.case.id);
  const own = new Set(exclusive.map((n) => chosen.assigned.get(n)?.E164PhoneNumber).filter((e) => e !== undefined));
  return { picks, unserved, exclusive: own };
}

/** One number a case needs, and the fixtures that fit it. */
interface Need {
  c: ConformanceCase;
  key: string;
  need: NumberNeed;
  candidates: Fixture[];
}

interface Assignment {
  assigned: Map<Need, Fixture>;
  unserved: Need[];
}

/**
 * The most constrained numbers of their own first, each the fitting number other needs depend on least (a need with
 * one candidate depends on it wholly): a rare number is left to the need that only it serves. Shared needs then take
 * the fitting number no case updates that the fewest requests go to so far.
 */
function greedy(exclusive: readonly Need[], shared: readonly Need[], fixtures: readonly Fixture[]): Assignment {
  const demand = new Map<Fixture, number>(fixtures.map((f) => [f, 0]));
  for (const { candidates } of [...exclusive, ...shared])
    for (const f of candidates) demand.set(f, demand.get(f)! + 1 / candidates.length);
  const taken = new Set<Fixture>();
  const assigned = new Map<Need, Fixture>();
  const unserved: Need[] = [];
  for (const n of [...exclusive].sort((a, b) => a.candidates.length - b.candidates.length)) {
    const free = n.candidates.filter((f) => !taken.has(f)).sort((a, b) => demand.get(a)! - demand.get(b)!)[0];
    if (!free) unserved.push(n);
    else {
      taken.add(free);
      assigned.set(n, free);
    }
  }
  // Requests the cases send to each shared number so far: a need goes to the fitting number with the fewest.
  const load = new Map<Fixture, number>();
  for (const n of shared) {
    const free = n.candidates
      .filter((f) => !taken.has(f))
      .reduce<Fixture | undefined>(
        (best, f) => (best && (load.get(best) ?? 0) <= (load.get(f) ?? 0) ? best : f),
        undefined,
      );
    if (!free) {
      unserved.push(n);
      continue;
    }
    load.set(free, (load.get(free) ?? 0) + caseRequests(n.c).length);
    assigned.set(n, free);
  }
  return { assigned, unserved };
}

/**
 * A number for each shared need set aside first (one serves every shared need it fits, the rarest needs choosing
 * first, the number fewest needs of their own fit), then a maximum matching of the needs of their own to the
 * numbers left (augmenting paths): a need of its own takes a number another holds when that one can move elsewhere.
 */
function matching(exclusive: readonly Need[], shared: readonly Need[]): Assignment {
  const wanted = new Map<Fixture, number>();
  for (const n of exclusive) for (const f of n.candidates) wanted.set(f, (wanted.get(f) ?? 0) + 1);
  const reserved = new Set<Fixture>();
  for (const n of [...shared].sort((a, b) => a.candidates.length - b.candidates.length)) {
    if (n.candidates.some((f) => reserved.has(f))) continue;
    const least = [...n.candidates].sort((a, b) => (wanted.get(a) ?? 0) - (wanted.get(b) ?? 0))[0];
    if (least) reserved.add(least);
  }
  const owner = new Map<Fixture, Need>();
  const place = (n: Need, visited: Set<Fixture>): boolean => {
    for (const f of n.candidates) {
      if (reserved.has(f) || visited.has(f)) continue;
      visited.add(f);
      const holder = owner.get(f);
      if (!holder || place(holder, visited)) {
        owner.set(f, n);
        return true;
      }
    }
    return false;
  };
  const order = [...exclusive].sort((a, b) => a.candidates.length - b.candidates.length);
  for (const n of order) place(n, new Set());
  const assigned = new Map<Need, Fixture>();
  for (const [f, n] of owner) assigned.set(n, f);
  const unserved = order.filter((n) => !assigned.has(n));
  for (const n of shared) {
    const free = n.candidates.find((f) => reserved.has(f)) ?? n.candidates.find((f) => !owner.has(f));
    if (free) assigned.set(n, free);
    else unserved.push(n);
  }
  return { assigned, unserved };
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
  const parts = Object.entries(need).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(" or ") : String(v)}`);
  return parts.length ? parts.join(", ") : "any number";
}
