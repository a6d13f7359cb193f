import type { Contract } from "../contract/contract.js";
import type { Fixture, PhoneNumber } from "../fixtures/fixtures.js";
import type { DetailUpdate } from "../contract/members.js";
import type { ConformanceCase, RuleId } from "../runner/case.js";
import { answeredNumber, finding, jsonBody, type Finding } from "./checks/check.js";
import { checkRegistry } from "./checks/index.js";
import type { Exchange } from "./exchange.js";
import { afterUpdate } from "./expectation.js";
import { completionMargin } from "../runner/case-run.js";
import type { RequestVerdict } from "./request-verdict.js";

/** What the proxy knows of one number from the traffic it saw (and the fixtures it was given). */
interface Known {
  /** What the target last answered for it with a 200, while no other exchange on it was in flight. */
  held?: PhoneNumber;
  /** `held` is an update's answer (a read must then show it: S7). */
  fromUpdate: boolean;
  /** The target answered a well-formed 200 for it at least once, or the fixtures say it holds it. */
  exists: boolean;
  /** The target answered a 200 for it at least once (not only the fixtures said so). */
  seen?: boolean;
  country?: string;
  /**
   * When the pending calling-name update began, if the proxy saw the update that began it: the target began it
   * between the moment that update was sent and the moment its answer came. A pending state seen only in reads
   * has no known start.
   */
  pending?: { sentAtMs: number; answeredAtMs: number };
  /**
   * The details set by updates answered 200 that overlapped another exchange on the number, since its state was
   * last known: in whatever order the target applied them, none may be lost (S8), so the next answer that is not
   * itself overlapped shows, for each member, one of the values set.
   */
  applied?: DetailUpdate[];
}

const pendingDone = new Set(["UpdateSucceeded", "Unassigned", "UpdateFailed"]);
/** How late a target's completion timer may fire before a pending calling name counts as late (S4). */
const lateTimerMs = 50;
const stateChange = checkRegistry.get("state_change")!;
const readBack = checkRegistry.get("read_back")!;

/** The case a judged exchange stands for in the runner's checks: the proxy has no case file. */
const observed: ConformanceCase = {
  id: "proxy",
  title: "traffic seen by the proxy",
  rules: ["S6"],
  tags: [],
  numbers: {},
  steps: [],
  source: { file: "(proxy)", line: 1 },
};

/**
 * DESIGN "The validating proxy": a model of the numbers seen, judging across exchanges. S1: a number the
 * target answered 200 (or the fixtures hold) is not a 404; S2: VoiceConnector only in the U.S.; S3, S4, S6: an
 * update's answer shows its change and nothing else; S5: a second CallingName while one is pending is refused;
 * S6, S7: a read shows the last update, or what the number held. An exchange that overlapped another on the same
 * number is not judged across exchanges (either order is the contract's), and the number's state is then
 * taken afresh from the next answer.
 */
export class NumberModel {
  private readonly numbers = new Map<string, Known>();
  /** The fixtures were given: a number outside them is known to be unknown (S1). */
  readonly complete: boolean;

  /**
   * `callingNameDelayMs`: the target's calling-name delay, when told (`--calling-name-delay`). Without it the
   * service's 72 hours are assumed, longer than any session: a pending state seen stays pending (S5 judged), and
   * completion is not judged. With it, S5 is judged only while the pending update is known to be in its delay:
   * the proxy saw it begin, and the second update came before the delay less a margin (a pending state seen only
   * in reads may complete at any moment); and S4's completion is judged for the updates it saw begin.
   */
  constructor(
    private readonly contract: Contract,
    fixtures?: readonly Fixture[],
    private readonly callingNameDelayMs?: number,
  ) {
    this.complete = fixtures !== undefined;
    for (const f of fixtures ?? [])
      this.numbers.set(f.E164PhoneNumber, {
        fromUpdate: false,
        exists: true,
        ...(f.Country ? { country: f.Country } : {}),
      });
  }

  /** Held, by a 200 seen or by the fixtures. */
  exists(e164: string): boolean {
    return this.numbers.get(e164)?.exists === true;
  }

  /** Known not to be held: outside the fixtures given, never answered 200. */
  knownAbsent(e164: string): boolean {
    return this.complete && !this.exists(e164);
  }

  country(e164: string): string | undefined {
    return this.numbers.get(e164)?.country;
  }

  /** The state is no longer known: another exchange on the number overlapped. */
  forget(e164: string): void {
    const known = this.numbers.get(e164);
    if (known) {
      delete known.held;
      // A calling-name update may have begun unseen: when the pending one began is no longer known.
      delete known.pending;
    }
  }

  /** Judges a 2xx/404 answer against what was known, then learns from it. */
  observe(verdict: RequestVerdict, exchange: Exchange, sentAtMs: number, overlapped: boolean): Finding[] {
    const e164 = verdict.addressed;
    const status = exchange.response?.status;
    if (!e164 || !verdict.operation || exchange.failure || status === undefined) return [];
    // A refused request answered 200 is judged by its verdict; what it answered is still what the number holds.
    if (verdict.refused) overlapped = true;
    const input = { contract: this.contract, exchange, operation: verdict.operation, addressed: e164 };
    const known = this.numbers.get(e164);
    const out: Finding[] = [];
    if (status === 404 && exchange.response?.headers["x-amzn-errortype"]?.startsWith("NotFoundException")) {
      if (known?.exists) {
        // Never answered 200, only described by the fixtures: the runner's W2 finding on its read of the fixtures.
        const rule: RuleId = verdict.altLabel ? "W1" : known.seen ? "S1" : "W2";
        const why = verdict.altLabel
          ? `the label spells ${e164} another way (W1: every spelling addresses one number)`
          : known.seen
            ? "the target answered it with a 200 before"
            : "the fixtures say the target holds it (--fixtures)";
        out.push(finding("proxy_model", rule, `${e164} was answered 404, but ${why}`, input));
      }
      return out;
    }
    if (status !== 200) return out;
    const answered = answeredNumber(jsonBody(input));
    if (!answered || answered.E164PhoneNumber !== e164) return out;
    const country = answered.Country ?? known?.country;
    const before = overlapped ? undefined : known?.held;
    const own = verdict.operation === "UpdatePhoneNumber" && !verdict.refused ? verdict.detail : undefined;
    if (!overlapped && known?.applied?.length) out.push(...this.noneLost(known.applied, answered, own, input));
    if (verdict.operation === "UpdatePhoneNumber" && verdict.detail) {
      const { member, value } = verdict.detail;
      if (member === "ProductType" && value === "VoiceConnector" && country !== undefined && country !== "US")
        out.push(
          finding("proxy_model", "S2", `ProductType VoiceConnector was accepted for a number in ${country}`, input),
        );
      if (
        before &&
        member === "CallingName" &&
        before.CallingNameStatus === "UpdateInProgress" &&
        this.stillPending(known, sentAtMs)
      )
        out.push(
          finding(
            "proxy_model",
            "S5",
            "a CallingName update was answered 200 while the number's calling-name update was pending (want 409 ConflictException)",
            input,
          ),
        );
      if (before) {
        const was: PhoneNumber = { ...before };
        // A pending calling name may complete between two exchanges: that alone is not the update's doing.
        if (was.CallingNameStatus === "UpdateInProgress" && pendingDone.has(String(answered.CallingNameStatus)))
          was.CallingNameStatus = answered.CallingNameStatus;
        out.push(
          ...stateChange.run({
            ...input,
            case: observed,
            step: { request: { method: "POST" }, expect: { status: 200 } },
            role: "step",
            before: was,
            sentAtMs,
          }),
        );
      }
    } else if (before && verdict.operation === "GetPhoneNumber") {
      const expected = known?.fromUpdate
        ? afterUpdate(before)
        : {
            phoneNumber: before,
            rule: "S6" as const,
            why: "no update of this number went through the proxy since the target last answered it, so a read must return the same",
          };
      out.push(
        ...readBack.run({
          ...input,
          case: observed,
          step: { request: { method: "GET" }, expect: { status: 200 } },
          role: "read-back",
          expected,
          sentAtMs,
        }),
      );
    }
    // A CallingName update answered 200 and pending begins a calling-name update (accepted while another was
    // pending, it is S5's finding above, and the target's own clock restarts with it all the same).
    const began = own?.member === "CallingName" && answered.CallingNameStatus === "UpdateInProgress";
    if (!began) out.push(...this.completion(known, answered, sentAtMs, input));
    const pending =
      answered.CallingNameStatus !== "UpdateInProgress"
        ? undefined
        : began
          ? { sentAtMs, answeredAtMs: Date.now() }
          : known?.pending;
    const applied = overlapped ? [...(known?.applied ?? []), ...(own ? [own] : [])] : undefined;
    this.learn(e164, verdict, overlapped ? undefined : answered, country, pending, applied);
    return out;
  }

  /**
   * S4 with `--calling-name-delay`: a calling-name update the proxy saw begin completes after the delay, not
   * before it. The target began it after it was sent and before its answer came, so a completion answered before
   * that send plus the delay is early for certain, and a read sent later than that answer plus the delay (and
   * `lateTimerMs`, for a timer that fires late) must show it completed. Counted from the answer, not the send, a
   * busy machine's slow update cannot make a target that is on time look late.
   */
  private completion(
    known: Known | undefined,
    answered: PhoneNumber,
    sentAtMs: number,
    input: Parameters<typeof finding>[3],
  ): Finding[] {
    const delay = this.callingNameDelayMs;
    const began = known?.pending;
    if (delay === undefined || !began) return [];
    const status = String(answered.CallingNameStatus);
    const answeredAtMs = Date.now();
    if (status === "UpdateInProgress" && sentAtMs > began.answeredAtMs + delay + lateTimerMs)
      return [
        finding(
          "proxy_model",
          "S4",
          `the calling-name update is still UpdateInProgress ${sentAtMs - began.sentAtMs} ms after it began; the delay is ${delay} ms (--calling-name-delay)`,
          input,
        ),
      ];
    if (pendingDone.has(status) && answeredAtMs < began.sentAtMs + delay)
      return [
        finding(
          "proxy_model",
          "S4",
          `the calling-name update completed (${status}) within ${answeredAtMs - began.sentAtMs} ms of beginning; the delay is ${delay} ms (--calling-name-delay)`,
          input,
        ),
      ];
    return [];
  }

  /** S8: each member set by an update answered 200 at once with others holds one of the values set. */
  private noneLost(
    applied: readonly DetailUpdate[],
    answered: PhoneNumber,
    own: DetailUpdate | undefined,
    input: Parameters<typeof finding>[3],
  ): Finding[] {
    const byMember = new Map<string, string[]>();
    for (const a of applied) byMember.set(a.member, [...(byMember.get(a.member) ?? []), a.value]);
    const lost: string[] = [];
    for (const [member, values] of byMember) {
      if (member === own?.member) continue;
      // `""` removes a Name or a CallingName: the member is then absent.
      const now = String(answered[member as keyof PhoneNumber] ?? "");
      if (!values.includes(now))
        lost.push(`${member}: got ${JSON.stringify(now)}, want ${values.map((v) => JSON.stringify(v)).join(" or ")}`);
    }
    if (!lost.length) return [];
    return [
      finding(
        "proxy_model",
        "S8",
        `updates answered 200 while others on the number were in flight were lost (none may be): ${lost.join("; ")}`,
        input,
      ),
    ];
  }

  /** Whether a pending calling name is known to be still pending at `atMs` (see the constructor). */
  private stillPending(known: Known | undefined, atMs: number): boolean {
    const delay = this.callingNameDelayMs;
    if (delay === undefined) return true;
    return known?.pending !== undefined && atMs < known.pending.sentAtMs + delay - completionMargin(delay);
  }

  private learn(
    e164: string,
    verdict: RequestVerdict,
    held: PhoneNumber | undefined,
    country: string | undefined,
    pending: Known["pending"],
    applied: DetailUpdate[] | undefined,
  ) {
    this.numbers.set(e164, {
      ...(held ? { held } : {}),
      ...(applied?.length ? { applied } : {}),
      fromUpdate: verdict.operation === "UpdatePhoneNumber",
      exists: true,
      seen: true,
      ...(country ? { country } : {}),
      ...(pending ? { pending } : {}),
    });
  }
}
