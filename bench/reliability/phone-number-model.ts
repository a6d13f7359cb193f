// The model a load is checked against: for each number, the states acknowledged so far (each the PhoneNumber
// of an update answered 200), what an update should do (S2-S6, written from DESIGN, independently of the
// server's code), and which states a read may see given the updates in flight while it was out (S7, S8).
import type { DetailUpdate, PhoneNumber } from "../../src/contract/index.js";

export type Detail = DetailUpdate;

export type Expected =
  | { status: 200; phoneNumber: PhoneNumber }
  | { status: 400; shape: "BadRequestException" }
  | { status: 409; shape: "ConflictException" };

/** What an update of `detail` on a number now in state `current` answers (S2-S5), the timestamp aside (S6). */
export function expectedUpdate(current: PhoneNumber, detail: Detail): Expected {
  const next: PhoneNumber = { ...current };
  switch (detail.member) {
    case "ProductType":
      if (detail.value === "VoiceConnector" && current.Country !== "US")
        return { status: 400, shape: "BadRequestException" };
      next.ProductType = detail.value;
      break;
    case "Name":
      if (detail.value === "") delete next.Name;
      else next.Name = detail.value;
      break;
    case "CallingName":
      if (current.CallingNameStatus === "UpdateInProgress") return { status: 409, shape: "ConflictException" };
      if (detail.value === "") delete next.CallingName;
      else next.CallingName = detail.value;
      next.CallingNameStatus = "UpdateInProgress";
      break;
  }
  return { status: 200, phoneNumber: next };
}

/**
 * Findings for a 200 answer to an update: the number is the one addressed, only the member updated changed (S6:
 * and CallingNameStatus for a calling name), and UpdatedTimestamp did not go back.
 */
export function updateAnswerFindings(previous: PhoneNumber, expected: PhoneNumber, answered: PhoneNumber): string[] {
  const findings: string[] = [];
  const { UpdatedTimestamp: answeredAt, ...answeredRest } = answered;
  const { UpdatedTimestamp: _expectedAt, ...expectedRest } = expected;
  if (canonical(answeredRest) !== canonical(expectedRest))
    findings.push(`S6: the update answered ${canonical(answeredRest)}, want ${canonical(expectedRest)}`);
  const before = Date.parse(previous.UpdatedTimestamp ?? "");
  const after = Date.parse(answeredAt ?? "");
  if (Number.isNaN(after) || after < before)
    findings.push(`S6: UpdatedTimestamp ${String(answeredAt)} is before ${String(previous.UpdatedTimestamp)}`);
  return findings;
}

/** JSON with members in sorted order, so that equal values compare equal as text. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as object).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** A read whose answer matched no state it could have seen yet: judged once the update in flight is answered. */
interface PendingRead {
  seen: string;
  from: number;
  to: number;
}

/**
 * One number's acknowledged states, in order, with ONE writer at a time (so "the last acknowledged" is well
 * defined). A read sent when state k was the last acknowledged, answered when state m was (with an update in
 * flight, m + 1), may see states k .. m (or m + 1): anything else is a stale or invented read. States no read
 * can see any more are dropped, so a long run keeps only a few.
 */
export class NumberHistory {
  /** `#states[i]` is state number `#base + i`. */
  #states: string[] = [];
  #base = 0;
  #current: PhoneNumber;
  #inFlight = false;
  #pending: PendingRead[] = [];
  readonly #unresolved: string[] = [];
  /** For each state number, how many reads sent while it was the last acknowledged are still out. */
  readonly #readsOut = new Map<number, number>();
  acknowledged = 0;

  constructor(readonly initial: PhoneNumber) {
    this.#current = initial;
    this.#states.push(canonical(initial));
  }

  get current(): PhoneNumber {
    return this.#current;
  }

  get #last(): number {
    return this.#base + this.#states.length - 1;
  }

  /** The writer sends an update (one at a time). */
  begin(): void {
    if (this.#inFlight) throw new Error("one writer at a time per number");
    this.#inFlight = true;
  }

  /** The writer's update was answered: `acknowledged` is the PhoneNumber of a 200, undefined for anything else. */
  end(acknowledged?: PhoneNumber): void {
    this.#inFlight = false;
    if (acknowledged) {
      this.#current = acknowledged;
      this.#states.push(canonical(acknowledged));
      this.acknowledged++;
    }
    // The update in flight is known now: reads waiting for it are judged.
    for (const read of this.#pending)
      if (!this.#saw(read.from, Math.min(read.to, this.#last), read.seen)) this.#unresolved.push(read.seen);
    this.#pending = [];
    this.#prune();
  }

  /** A read is sent now: the oldest state it may see. */
  readFrom(): number {
    const from = this.#last;
    this.#readsOut.set(from, (this.#readsOut.get(from) ?? 0) + 1);
    return from;
  }

  /** The read sent at `from` saw `seen`: false when no state it could see matches (an update in flight defers the verdict). */
  checkRead(from: number, seen: PhoneNumber): boolean {
    const left = (this.#readsOut.get(from) ?? 1) - 1;
    if (left > 0) this.#readsOut.set(from, left);
    else this.#readsOut.delete(from);
    const text = canonical(seen);
    if (this.#saw(from, this.#last, text)) return true;
    if (this.#inFlight) {
      this.#pending.push({ seen: text, from, to: this.#last + 1 });
      return true;
    }
    return false;
  }

  /** Reads that matched no state they could see, once the update in flight at their answer was answered. */
  unresolvedReads(): string[] {
    return [...this.#unresolved, ...this.#pending.map((r) => r.seen)];
  }

  #saw(from: number, to: number, text: string): boolean {
    for (let n = from; n <= to; n++) if (this.#states[n - this.#base] === text) return true;
    return false;
  }

  #prune(): void {
    let keep = this.#last;
    for (const from of this.#readsOut.keys()) keep = Math.min(keep, from);
    if (keep > this.#base) {
      this.#states = this.#states.slice(keep - this.#base);
      this.#base = keep;
    }
  }
}
