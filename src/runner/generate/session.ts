import type { Fixture, PhoneNumber } from "../../fixtures/fixtures.js";
import type { CaseStep, ConformanceCase, RuleId } from "../case.js";
import { answeredNumber, type CheckInput } from "../../judge/checks/check.js";
import type { Engine } from "../engine.js";
import type { ReportedFinding } from "../../judge/events.js";
import { parseBody, type Exchange } from "../../judge/exchange.js";
import { afterRefusal, afterUpdate, untouched, type ReadExpectation } from "../../judge/expectation.js";
import { readRequest, updateRequest } from "../../http/request.js";
import { expectUpdate } from "./oracle.js";

export interface SessionOptions {
  /** The run's one engine: sending, judging, request ids and curl commands are the same as for every case. */
  engine: Engine;
  fixtures: readonly Fixture[];
}

/** One update or read a generated case made, kept for replay. */
export interface SentStep {
  op: "get" | "update";
  number: string;
  body?: string;
}

/**
 * Drives generated requests against the target with a model of what every fixture number holds. The model
 * starts from what the target answers (`sync`), so generated cases work on state the runner has read, whatever
 * ran before; each answer is then judged against the model by the runner's own checks.
 */
export class Session {
  readonly model = new Map<string, PhoneNumber>();
  /** The steps sent since the last `takeSteps`, for replay. */
  private steps: SentStep[] = [];

  constructor(private readonly options: SessionOptions) {}

  get target(): string {
    return this.options.engine.target;
  }

  get requests(): number {
    return this.options.engine.requests;
  }

  get numbers(): string[] {
    return this.options.fixtures.map((f) => f.E164PhoneNumber);
  }

  takeSteps(): SentStep[] {
    const out = this.steps;
    this.steps = [];
    return out;
  }

  /**
   * Reads every fixture number. The first time it only learns the state; afterwards it compares each with the
   * model (S6: no other number changes; S7 for the numbers `touched`), then learns what it read.
   */
  async sync(
    c: ConformanceCase,
    touched: ReadonlySet<string> = new Set(),
    learnOnly = false,
  ): Promise<ReportedFinding[]> {
    const findings: ReportedFinding[] = [];
    for (const e164 of this.numbers) {
      const want = this.model.get(e164);
      const expected =
        learnOnly || !want
          ? undefined
          : touched.has(e164)
            ? {
                phoneNumber: want,
                rule: "S7" as const,
                why: `a read of ${e164} must return what its last update answered`,
              }
            : untouched(want, e164);
      const { exchange, findings: f } = await this.read(c, e164, expected, "S7");
      findings.push(...f);
      const got = exchange.response?.status === 200 && !exchange.failure ? numberOf(exchange) : undefined;
      if (got && got.E164PhoneNumber === e164) this.model.set(e164, got);
    }
    return findings;
  }

  /** GetPhoneNumber, checked against the model (S7). */
  async get(c: ConformanceCase, e164: string): Promise<ReportedFinding[]> {
    const want = this.model.get(e164);
    const expected = want
      ? {
          phoneNumber: want,
          rule: "S7" as const,
          why: "a read must return what the last update answered (or what the number held)",
        }
      : undefined;
    const { exchange, findings } = await this.read(c, e164, expected, want ? "S7" : "S1");
    const got = numberOf(exchange);
    if (findings.length && got?.E164PhoneNumber === e164) this.model.set(e164, got);
    return findings;
  }

  /** UpdatePhoneNumber with a raw JSON body, judged by the oracle against the model, then read back. */
  async update(c: ConformanceCase, e164: string, body: string): Promise<ReportedFinding[]> {
    this.steps.push({ op: "update", number: e164, body });
    const before = this.model.get(e164);
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      parsed = Symbol("malformed");
    }
    const want = expectUpdate(parsed, before);
    const step: CaseStep = {
      rule: want.rule,
      request: { method: "POST", number: "n", headers: { "content-type": "application/json" }, body },
      expect: { status: want.status, ...(want.status !== 200 ? { error: want.error } : {}) },
    };
    const { exchange, findings } = await this.options.engine.exchange(updateRequest(this.target, e164, body), {
      case: c,
      step,
      rule: want.rule,
      role: "step",
      operation: "UpdatePhoneNumber",
      addressed: e164,
      ...(before ? { before } : {}),
    });
    if (!before) return findings;
    const answered = want.status === 200 && exchange.response?.status === 200 ? numberOf(exchange) : undefined;
    const after = answered && answered.E164PhoneNumber === e164 ? answered : undefined;
    const readExpected = after ? afterUpdate(after) : afterRefusal(before, want.rule);
    const read = await this.read(c, e164, readExpected, readExpected.rule, step);
    findings.push(...read.findings);
    const readNumber = numberOf(read.exchange);
    // The model follows the target: what it answered when that holds, else what it now reads.
    if (after) this.model.set(e164, after);
    if (read.findings.length && readNumber?.E164PhoneNumber === e164) this.model.set(e164, readNumber);
    return findings;
  }

  private async read(
    c: ConformanceCase,
    e164: string,
    expected: ReadExpectation | undefined,
    rule: RuleId,
    after?: CaseStep,
  ): Promise<{ exchange: Exchange; findings: ReportedFinding[] }> {
    if (!after) this.steps.push({ op: "get", number: e164 });
    const state = this.model.get(e164);
    const step: CaseStep = after ?? {
      rule,
      request: { method: "GET", number: "n" },
      expect: { status: state ? 200 : 404, ...(state ? {} : { error: "NotFoundException" }) },
    };
    const judged: Omit<CheckInput, "contract" | "exchange" | "requestIdsSeen" | "sentAtMs"> = {
      case: c,
      step,
      rule: expected?.rule ?? rule,
      role: after ? "read-back" : "step",
      operation: "GetPhoneNumber",
      addressed: e164,
      ...(expected ? { expected } : {}),
    };
    return this.options.engine.exchange(readRequest(this.target, e164), judged);
  }
}

function numberOf(exchange: Exchange): PhoneNumber | undefined {
  if (!exchange.response || exchange.failure) return undefined;
  const parsed = parseBody(exchange.response);
  return parsed.ok ? answeredNumber(parsed.value) : undefined;
}
