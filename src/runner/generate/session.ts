import type { Fixture } from "../../fixtures/fixtures.js";
import type { RuleId } from "../../contract/rules.js";
import { readRequest, updateRequest } from "../../http/request.js";
import { numberAnswered } from "../../judge/checks/check.js";
import {
  afterRefusal,
  afterUpdate,
  readBack,
  untouched,
  type Expectation,
  type ReadExpectation,
} from "../../judge/expectation.js";
import type { ReportedFinding } from "../../judge/finding.js";
import type { NumberModel } from "../../judge/number-model.js";
import type { Engine, Judgement } from "../engine.js";
import type { NumberLocks } from "../locks.js";
import { expectUpdate } from "./oracle.js";

export interface SessionOptions {
  /** The run's one engine: sending, judging, request ids and curl commands are the same as for every case. */
  engine: Engine;
  fixtures: readonly Fixture[];
  /** Each number's steps, one after another in the order they were asked for; different numbers' at once. */
  lanes: NumberLocks;
}

/** One update or read a generated case made, kept for replay. */
export interface SentStep {
  op: "get" | "update";
  number: string;
  body?: string;
}

/**
 * Drives generated requests against the target with the run's model of what every fixture number holds. The
 * model starts from what the target answers (`sync`), so generated cases work on state the runner has read,
 * whatever ran before; each answer is then judged against it by the runner's own checks, the oracle's
 * expectation in hand.
 *
 * Every step is queued on its number's lane when it is asked for, before the first await: a number's steps go in
 * the order asked, whatever the target's timing, and steps on other numbers are in flight at once. A `trail`, when
 * given, is told each step as it is asked for (what `--save-failures` keeps to replay).
 */
export class Session {
  constructor(private readonly options: SessionOptions) {}

  get model(): NumberModel {
    return this.options.engine.model;
  }

  get target(): string {
    return this.options.engine.target;
  }

  get requests(): number {
    return this.options.engine.requests;
  }

  get numbers(): string[] {
    return this.options.fixtures.map((f) => f.E164PhoneNumber);
  }

  /**
   * Reads every fixture number, each after the steps asked for on it before. The first time it only learns the
   * state; afterwards it compares each with the model (S6: no other number changes; S7 for the numbers `touched`),
   * then learns what it read. Findings in the fixtures' order.
   */
  async sync(
    touched: ReadonlySet<string> = new Set(),
    learnOnly = false,
    trail?: SentStep[],
  ): Promise<ReportedFinding[]> {
    const reads = this.numbers.map((e164) => {
      trail?.push({ op: "get", number: e164 });
      return this.options.lanes.run([e164], async () => {
        const want = this.model.held(e164);
        const expected: ReadExpectation | undefined =
          learnOnly || !want
            ? undefined
            : touched.has(e164)
              ? { phoneNumber: want, rule: "S7", why: `a read of ${e164} must return what its last update answered` }
              : untouched(want, e164);
        const { exchange, findings } = await this.read(e164, expected, "S7");
        const got = numberAnswered(exchange, e164);
        if (got) this.model.learn(e164, got, { update: false });
        return findings;
      });
    });
    return (await Promise.all(reads)).flat();
  }

  /** GetPhoneNumber, checked against the model (S7). */
  get(e164: string, trail?: SentStep[]): Promise<ReportedFinding[]> {
    trail?.push({ op: "get", number: e164 });
    return this.options.lanes.run([e164], () => this.#get(e164));
  }

  async #get(e164: string): Promise<ReportedFinding[]> {
    const want = this.model.held(e164);
    const expected = want
      ? {
          phoneNumber: want,
          rule: "S7" as const,
          why: "a read must return what the last update answered (or what the number held)",
        }
      : undefined;
    const { exchange, findings } = await this.read(e164, expected, want ? "S7" : "S1");
    const got = numberAnswered(exchange, e164);
    if (findings.length && got) this.model.learn(e164, got, { update: this.model.fromUpdate(e164) });
    return findings;
  }

  /** UpdatePhoneNumber with a raw JSON body, judged by the oracle against the model, then read back. */
  update(e164: string, body: string, trail?: SentStep[]): Promise<ReportedFinding[]> {
    trail?.push({ op: "update", number: e164, body });
    return this.options.lanes.run([e164], () => this.#update(e164, body));
  }

  async #update(e164: string, body: string): Promise<ReportedFinding[]> {
    const before = this.model.held(e164);
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      parsed = Symbol("malformed");
    }
    const want = expectUpdate(parsed, before);
    const expected: Expectation = {
      rule: want.rule,
      status: want.status,
      ...(want.status !== 200 ? { error: want.error } : {}),
    };
    const { exchange, findings } = await this.options.engine.exchange(updateRequest(this.target, e164, body), {
      rule: want.rule,
      operation: "UpdatePhoneNumber",
      addressed: e164,
      expected,
    });
    if (!before) return findings;
    const answered = want.status === 200 ? numberAnswered(exchange, e164) : undefined;
    const read = await this.read(
      e164,
      answered ? afterUpdate(answered) : afterRefusal(before, want.rule),
      want.rule,
      true,
    );
    findings.push(...read.findings);
    // The model follows the target: what it answered when that holds, else what it now reads.
    if (answered) this.model.learn(e164, answered, { update: true });
    const readNumber = numberAnswered(read.exchange, e164);
    if (read.findings.length && readNumber) this.model.learn(e164, readNumber, { update: answered !== undefined });
    return findings;
  }

  /** A read of `e164` judged against `expected` (a read-back of the update just sent, when `after`). */
  private async read(
    e164: string,
    expected: ReadExpectation | undefined,
    rule: RuleId,
    after = false,
  ): Promise<Judgement> {
    const known = this.model.held(e164) !== undefined;
    const judged: Expectation = expected
      ? after
        ? readBack(expected)
        : { rule: expected.rule, status: 200, reads: [expected] }
      : known
        ? { rule, status: 200 }
        : { rule, status: 404, error: "NotFoundException" };
    return this.options.engine.exchange(readRequest(this.target, e164), {
      rule: expected?.rule ?? rule,
      operation: "GetPhoneNumber",
      addressed: e164,
      expected: judged,
    });
  }
}
