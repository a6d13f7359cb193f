import type { DetailUpdate, RequestDetail } from "../contract/members.js";
import type { Fixture, PhoneNumber } from "../fixtures/fixtures.js";

/** When a pending calling-name update began: after the update that began it was sent, before its answer came. */
export interface PendingSince {
  sentAt: number;
  answeredAt: number;
}

/** What a tester knows of one number. */
interface Known {
  /** What the target last answered for it with a 200, while nothing else on it was in flight. */
  held?: PhoneNumber;
  /** `held` is an update's answer (a read must then show it: S7). */
  fromUpdate: boolean;
  /** The target answered a 200 about it at least once (not only the fixtures said so). */
  seen: boolean;
  country?: string;
  /** When the pending calling-name update began, if the tester saw the update that began it. */
  pending?: PendingSince;
  /**
   * The details set by updates answered 200 while other exchanges on the number were in flight, since its state
   * was last known: in whatever order the target applied them, none may be lost (S8). Each value once per member
   * (a streak of overlapping updates may last as long as a proxy runs); `null`: more than `appliedValuesKept`
   * values, so that member is no longer judged by S8 until the number's state is known again.
   */
  applied?: Map<RequestDetail, Map<string, DetailUpdate> | null>;
}

/**
 * Distinct values of one member S8 keeps for a number whose exchanges keep overlapping. "One of" more values than
 * this says next to nothing, and keeping them all would grow with the session.
 */
export const appliedValuesKept = 64;

/** What checks may read of the model: what the tester knows the numbers hold, before the exchange judged. */
export interface NumberView {
  /** What the number holds, as far as the tester knows now (undefined: not known). */
  held(e164: string): PhoneNumber | undefined;
  /** What it holds is what an update answered (a read must show it: S7). */
  fromUpdate(e164: string): boolean;
  /** The fixture describing it, when the tester was given fixtures that do. */
  fixture(e164: string): Fixture | undefined;
  /** The target answered a 200 about it at least once. */
  seen(e164: string): boolean;
  /** Held, by a 200 seen or by the fixtures. */
  exists(e164: string): boolean;
  /** Known not to be held: fixtures were given, it is not among them, and no 200 was seen for it. */
  knownAbsent(e164: string): boolean;
  country(e164: string): string | undefined;
  /** When its pending calling-name update began, if the tester saw it begin. */
  pendingSince(e164: string): PendingSince | undefined;
  /** Details set by updates in flight together since its state was last known (S8). */
  applied(e164: string): readonly DetailUpdate[];
}

/**
 * The tester's one model of what each number holds, shared by the runner's cases, its generated sessions and the
 * validating proxy: learnt from the fixtures and from answers, forgotten when exchanges on a number overlap (in
 * whichever order the target applied them is the contract's), so that the checks judge against what is known.
 */
export class NumberModel implements NumberView {
  readonly #numbers = new Map<string, Known>();
  readonly #fixtures = new Map<string, Fixture>();
  /** Fixtures were given: a number outside them and never answered is known to be unknown (S1). */
  readonly complete: boolean;
  /** Numbers an update answered 200 addressed, ever (S6 after the run: the others must be as they were). */
  readonly updated = new Set<string>();

  constructor(fixtures?: readonly Fixture[]) {
    this.complete = fixtures !== undefined;
    for (const f of fixtures ?? []) this.#fixtures.set(f.E164PhoneNumber, f);
  }

  held(e164: string): PhoneNumber | undefined {
    return this.#numbers.get(e164)?.held;
  }

  fromUpdate(e164: string): boolean {
    return this.#numbers.get(e164)?.fromUpdate === true;
  }

  fixture(e164: string): Fixture | undefined {
    return this.#fixtures.get(e164);
  }

  seen(e164: string): boolean {
    return this.#numbers.get(e164)?.seen === true;
  }

  exists(e164: string): boolean {
    return this.seen(e164) || this.#fixtures.has(e164);
  }

  knownAbsent(e164: string): boolean {
    return this.complete && !this.exists(e164);
  }

  country(e164: string): string | undefined {
    return this.#numbers.get(e164)?.country ?? this.#fixtures.get(e164)?.Country;
  }

  pendingSince(e164: string): PendingSince | undefined {
    return this.#numbers.get(e164)?.pending;
  }

  applied(e164: string): readonly DetailUpdate[] {
    const applied = this.#numbers.get(e164)?.applied;
    if (!applied) return [];
    const out: DetailUpdate[] = [];
    for (const values of applied.values()) if (values) out.push(...values.values());
    return out;
  }

  /**
   * A 200 about the number: it holds what was answered. `update`: an update answered it (S7 then holds reads to
   * it); `began`: that update began a pending calling name, at that time.
   */
  learn(e164: string, answered: PhoneNumber, how: { update: boolean; began?: PendingSince }): void {
    const known = this.#numbers.get(e164);
    if (how.update) this.updated.add(e164);
    const pending = answered.CallingNameStatus !== "UpdateInProgress" ? undefined : (how.began ?? known?.pending);
    this.#numbers.set(e164, {
      held: answered,
      fromUpdate: how.update,
      seen: true,
      ...((answered.Country ?? known?.country) ? { country: answered.Country ?? known?.country } : {}),
      ...(pending ? { pending } : {}),
    });
  }

  /**
   * What the number holds is taken to be `held` without the target having shown it (a read answered badly: the
   * tester goes on from what the fixtures describe).
   */
  assume(e164: string, held: PhoneNumber): void {
    const seen = this.seen(e164);
    this.learn(e164, held, { update: false });
    this.#numbers.get(e164)!.seen = seen;
  }

  /**
   * Another exchange on the number overlapped, or an update's answer was lost: what it holds is no longer known
   * (nor when a pending calling name began). `applied`: an update answered 200 meanwhile, whose detail must not
   * be lost (S8).
   */
  forget(e164: string, applied?: DetailUpdate): void {
    const known = this.#numbers.get(e164);
    if (applied) this.updated.add(e164);
    if (!known) {
      if (applied) this.#numbers.set(e164, { fromUpdate: false, seen: false, applied: appliedOf(undefined, applied) });
      return;
    }
    // In place: a number whose exchanges keep overlapping is forgotten once per exchange.
    known.held = undefined;
    known.pending = undefined;
    known.fromUpdate = false;
    if (applied) known.applied = appliedOf(known.applied, applied);
  }
}

/** The values S8 keeps, with one more: each value once per member, and no more than `appliedValuesKept`. */
function appliedOf(kept: Known["applied"], detail: DetailUpdate): NonNullable<Known["applied"]> {
  const applied = kept ?? new Map<RequestDetail, Map<string, DetailUpdate> | null>();
  let values = applied.get(detail.member);
  if (values === null) return applied;
  if (!values) {
    values = new Map();
    applied.set(detail.member, values);
  }
  values.set(JSON.stringify(detail.value), detail);
  if (values.size > appliedValuesKept) applied.set(detail.member, null);
  return applied;
}
