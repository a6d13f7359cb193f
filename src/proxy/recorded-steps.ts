import type { CaseRequest, CaseStep, GroupStep, NumberNeed, StepExpect, TogetherRequest } from "../cases/case.js";
import type { PhoneNumber } from "../fixtures/fixtures.js";
import type { Observation } from "./observation.js";

/** The greatest `afterMs` the case format takes. */
const maxAfterMs = 10_000;
const absent = Symbol("absent");
/**
 * The members a step's expectation may name: those a number's description fixes or the session's own updates set.
 * Any other member (Status, Capabilities, a Name the number already had ...) belongs to the number the recording
 * happened to address; a replay judges those against what its own number held (reads, S6), not against these.
 */
const pinnable = ["Country", "Type", "ProductType", "CallingNameStatus", "Name", "CallingName"] as const;
type Pinnable = (typeof pinnable)[number];
type Known = Map<Pinnable, string | typeof absent>;

/**
 * Exchanges on one number that were in flight at once (transitively), each group in the order they ended: the
 * target may have taken them in any order, so a replay sends them together and counts their statuses.
 */
export function concurrentGroups(observations: readonly Observation[]): Map<Observation, Observation[]> {
  const byNumber = new Map<string, Observation[]>();
  const order = new Map<Observation, number>();
  for (const [i, o] of observations.entries()) {
    order.set(o, i);
    if (o.to.kind !== "number") continue;
    const list = byNumber.get(o.to.e164);
    if (list) list.push(o);
    else byNumber.set(o.to.e164, [o]);
  }
  const groupOf = new Map<Observation, Observation[]>();
  for (const list of byNumber.values()) {
    const byStart = [...list].sort((a, b) => a.startedAt - b.startedAt);
    let group: Observation[] = [];
    let end = -Infinity;
    const close = () => {
      if (group.length > 1) {
        const ended = group.sort((a, b) => order.get(a)! - order.get(b)!);
        for (const o of ended) groupOf.set(o, ended);
      }
    };
    for (const o of byStart) {
      if (o.startedAt >= end) {
        close();
        group = [];
      }
      group.push(o);
      end = Math.max(end, o.endedAt);
    }
    close();
  }
  return groupOf;
}

/** What the description says of the members a step may name. */
function knownFrom(need: NumberNeed): Known {
  const known: Known = new Map();
  if (need.country === "US") known.set("Country", "US");
  if (need.type) known.set("Type", need.type);
  if (need.productType) known.set("ProductType", need.productType);
  if (typeof need.callingNameStatus === "string") known.set("CallingNameStatus", need.callingNameStatus);
  if (need.name === "absent") known.set("Name", absent);
  if (need.callingName === "absent") known.set("CallingName", absent);
  return known;
}

/** What an update answered 200 set: the detail as answered (and, for a calling name, its status). */
function learnUpdate(known: Known, member: "Name" | "CallingName" | "ProductType", answered: PhoneNumber | undefined) {
  for (const m of member === "CallingName" ? (["CallingName", "CallingNameStatus"] as const) : [member]) {
    const value = answered?.[m];
    if (!answered || (value !== undefined && typeof value !== "string")) known.delete(m);
    else known.set(m, value ?? absent);
  }
}

/** The expectation on a 200 answer: each member known, as answered; one answered otherwise is known no more. */
function pinned(known: Known, answered: PhoneNumber): Pick<StepExpect, "members" | "absent"> {
  const members: Record<string, unknown> = {};
  const missing: string[] = [];
  for (const m of pinnable) {
    const want = known.get(m);
    if (want === undefined) continue;
    const got = answered[m];
    // A calling name completed meanwhile, or something else changed the number: no longer the session's to say.
    if (want === absent ? got !== undefined : got !== want) known.delete(m);
    else if (want === absent) missing.push(`/PhoneNumber/${m}`);
    else members[`/PhoneNumber/${m}`] = want;
  }
  return { ...(Object.keys(members).length ? { members } : {}), ...(missing.length ? { absent: missing } : {}) };
}

export class StepWriter {
  private readonly known = new Map<string, Known>();

  constructor(
    private readonly keys: ReadonlyMap<string, string>,
    needs: ReadonlyMap<string, NumberNeed>,
  ) {
    for (const [e164, need] of needs) this.known.set(e164, knownFrom(need));
  }

  request(o: Observation): CaseRequest {
    const r: CaseRequest = { method: o.method };
    if (o.to.kind === "number") {
      r.number = this.keys.get(o.to.e164)!;
      if (o.to.form !== "encoded") r.labelForm = o.to.form;
    } else if (o.to.kind === "label") r.label = o.to.label;
    else r.path = o.to.path;
    if (o.query !== undefined) r.query = o.query;
    if (o.json !== undefined) r.json = o.json;
    else if (o.body !== undefined) {
      r.body = o.body;
      if (o.contentType !== undefined) r.headers = { "content-type": o.contentType };
    }
    return r;
  }

  /** One exchange as a step: its request, and its answer as the expectation. */
  single(o: Observation): CaseStep {
    const expect: StepExpect = { status: o.status, readBack: "none" };
    if (o.error) expect.error = o.error;
    const known = o.to.kind === "number" ? this.known.get(o.to.e164) : undefined;
    if (known && o.status === 200 && o.detail) learnUpdate(known, o.detail.member, o.answered);
    if (known && o.answered) Object.assign(expect, pinned(known, o.answered));
    else if (o.code !== undefined) expect.members = { "/Code": o.code };
    return { rule: o.rule, request: this.request(o), expect };
  }

  /** Exchanges in flight at once on one number, sent together again `afterMs` apart, their statuses counted. */
  group(members: readonly Observation[]): GroupStep {
    const start = Math.min(...members.map((o) => o.startedAt));
    const together: TogetherRequest[] = members.map((o) => {
      const afterMs = Math.min(maxAfterMs, Math.round(o.startedAt - start));
      return { ...this.request(o), ...(afterMs > 0 ? { afterMs } : {}) };
    });
    const statuses: Record<string, number> = {};
    const errors: Record<string, string> = {};
    for (const o of members) {
      statuses[String(o.status)] = (statuses[String(o.status)] ?? 0) + 1;
      if (o.error) errors[String(o.status)] = o.error;
    }
    const first = members[0]!;
    const known = first.to.kind === "number" ? this.known.get(first.to.e164) : undefined;
    if (known) {
      // A detail set once is known as answered; one set twice is the order's, which a replay may not repeat.
      const updates = members.filter((o) => o.status === 200 && o.detail);
      for (const o of updates) {
        const member = o.detail!.member;
        if (updates.filter((u) => u.detail!.member === member).length === 1) learnUpdate(known, member, o.answered);
        else learnUpdate(known, member, undefined);
      }
    }
    return {
      rule: members.some((o) => o.detail) ? "S8" : first.rule,
      together,
      expect: { statuses, ...(Object.keys(errors).length ? { errors } : {}) },
    };
  }
}
