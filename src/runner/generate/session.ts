import type { Contract, OperationId } from "../../contract/contract.js";
import type { Fixture, PhoneNumber } from "../../contract/fixtures.js";
import type { CaseStep, ConformanceCase, RuleId } from "../case.js";
import { answeredNumber, type CheckInput, type Finding } from "../checks/check.js";
import { checkRegistry } from "../checks/index.js";
import { parseBody, type Exchange, type SentRequest } from "../exchange.js";
import type { HttpClient } from "../http.js";
import type { PickedNumber } from "../picker.js";
import { buildRequest, readBackRequest } from "../request.js";
import { expectUpdate } from "./oracle.js";

export interface SessionOptions {
  contract: Contract;
  fixtures: readonly Fixture[];
  checks: readonly string[];
  http: HttpClient;
  target: string;
  /** Request ids of the whole run (W2: unique across it). */
  requestIdsSeen: Set<string>;
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
  requests = 0;
  /** The steps sent since the last `takeSteps`, for replay. */
  private steps: SentStep[] = [];

  constructor(private readonly options: SessionOptions) {}

  get target(): string {
    return this.options.target;
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
  async sync(c: ConformanceCase, touched: ReadonlySet<string> = new Set(), learnOnly = false): Promise<Finding[]> {
    const findings: Finding[] = [];
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
            : {
                phoneNumber: want,
                rule: "S6" as const,
                why: `no update may change another number, so ${e164} must still hold what it held`,
              };
      const { exchange, findings: f } = await this.read(c, e164, expected, "S7");
      findings.push(...f);
      const got = exchange.response?.status === 200 && !exchange.failure ? numberOf(exchange) : undefined;
      if (got && got.E164PhoneNumber === e164) this.model.set(e164, got);
    }
    return findings;
  }

  /** GetPhoneNumber, checked against the model (S7). */
  async get(c: ConformanceCase, e164: string): Promise<Finding[]> {
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
  async update(c: ConformanceCase, e164: string, body: string): Promise<Finding[]> {
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
    const picked = this.picked(e164, before);
    const sentAtMs = Date.now();
    const exchange = await this.send(buildRequest(this.options.target, step, new Map([["n", picked]])));
    const findings = this.judge({
      case: c,
      step,
      role: "step",
      operation: "UpdatePhoneNumber",
      exchange,
      addressed: e164,
      sentAtMs,
      ...(before ? { before } : {}),
    });
    if (!before) return findings;
    const answered = want.status === 200 && exchange.response?.status === 200 ? numberOf(exchange) : undefined;
    const after = answered && answered.E164PhoneNumber === e164 ? answered : undefined;
    const readExpected = after
      ? {
          phoneNumber: after,
          rule: "S7" as const,
          why: "GetPhoneNumber after a 200 update must return what the update answered",
        }
      : {
          phoneNumber: before,
          rule: want.rule,
          why: "a refused update must change nothing, so GetPhoneNumber must return what the number held before",
        };
    const read = await this.read(c, e164, readExpected, readExpected.rule, step);
    findings.push(...read.findings);
    const readNumber = numberOf(read.exchange);
    // The model follows the target: what it answered when that holds, else what it now reads.
    if (after) this.model.set(e164, after);
    if (read.findings.length && readNumber?.E164PhoneNumber === e164) this.model.set(e164, readNumber);
    return findings;
  }

  private picked(e164: string, state: PhoneNumber | undefined): PickedNumber {
    return state ? { kind: "fixture", fixture: state as Fixture } : { kind: "unknown", e164 };
  }

  private async read(
    c: ConformanceCase,
    e164: string,
    expected: CheckInput["expected"],
    rule: RuleId,
    after?: CaseStep,
  ) {
    if (!after) this.steps.push({ op: "get", number: e164 });
    const state = this.model.get(e164);
    const step: CaseStep = after ?? {
      rule,
      request: { method: "GET", number: "n" },
      expect: { status: state ? 200 : 404, ...(state ? {} : { error: "NotFoundException" }) },
    };
    const sentAtMs = Date.now();
    const exchange = await this.send(readBackRequest(this.options.target, this.picked(e164, state)));
    const findings = this.judge({
      case: c,
      step,
      role: after ? "read-back" : "step",
      operation: "GetPhoneNumber",
      exchange,
      addressed: e164,
      sentAtMs,
      ...(expected ? { expected } : {}),
    });
    return { exchange, findings };
  }

  private async send(request: SentRequest): Promise<Exchange> {
    this.requests++;
    return this.options.http.send(request);
  }

  private judge(partial: Omit<CheckInput, "contract" | "requestIdsSeen"> & { operation: OperationId }): Finding[] {
    const input: CheckInput = {
      ...partial,
      contract: this.options.contract,
      requestIdsSeen: this.options.requestIdsSeen,
    };
    const out: Finding[] = [];
    for (const name of this.options.checks) out.push(...checkRegistry.get(name)!.run(input));
    const id = input.exchange.response?.headers["x-amzn-requestid"];
    if (id) this.options.requestIdsSeen.add(id);
    return out;
  }
}

function numberOf(exchange: Exchange): PhoneNumber | undefined {
  if (!exchange.response || exchange.failure) return undefined;
  const parsed = parseBody(exchange.response);
  return parsed.ok ? answeredNumber(parsed.value) : undefined;
}
