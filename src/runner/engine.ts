import { operationIds, type Contract, type OperationId } from "../contract/contract.js";
import type { CheckInput, ExchangeInput, Finding } from "../judge/checks/check.js";
import { checkRegistry, responseChecks } from "../judge/checks/index.js";
import { reportFinding } from "../judge/finding.js";
import type { ReportedFinding, StatusCoverage } from "../judge/events.js";
import type { Exchange, SentRequest } from "../judge/exchange.js";
import type { HttpClient, SendOptions } from "../http/client.js";

export interface EngineOptions {
  contract: Contract;
  /** The checks to apply, by name (`--checks`). */
  checks: readonly string[];
  http: HttpClient;
  target: string;
}

/** What judging an exchange needs besides the exchange: a case's expectations, or none (response checks only). */
export type CaseJudged = Omit<CheckInput, "contract" | "exchange" | "requestIdsSeen" | "sentAtMs"> & {
  sentAtMs?: number;
};
export type ExchangeJudged = Omit<ExchangeInput, "contract" | "exchange" | "requestIdsSeen">;
export type Judged = CaseJudged | ExchangeJudged;

/**
 * The one execution path of every case, hand-written, generated or replayed: a request is sent, its answer
 * judged by the selected checks (the case checks only when a case's expectations are given), its request id
 * remembered for the whole run (W2: unique), and each finding given the curl command that repeats it.
 */
export class Engine {
  /** Requests this engine sent (a scope's: one case's). */
  requests = 0;
  readonly requestIdsSeen: Set<string>;
  /** Numbers an update answered 200 addressed (whether or not the case expected it): their changes are explained. */
  readonly updated: Set<string>;
  /** Per operation, the statuses its answers had (coverage: what the run provoked). */
  readonly statusesSeen: Map<OperationId, Set<number>>;
  /**
   * Set when a patient read was still answered 429 after all its retries, cleared by any other answer: until the
   * target answers otherwise, further reads are sent once, so that a target throttling everything ends the run in
   * seconds rather than a backoff per read.
   */
  readonly #throttled: { spent: boolean };
  readonly #parent: Engine | undefined;

  constructor(
    readonly options: EngineOptions,
    parent?: Engine,
  ) {
    this.#parent = parent;
    this.requestIdsSeen = parent?.requestIdsSeen ?? new Set();
    this.updated = parent?.updated ?? new Set();
    this.statusesSeen = parent?.statusesSeen ?? new Map();
    this.#throttled = parent ? parent.#throttled : { spent: false };
  }

  /** The same run's engine, counting its own requests: cases run at once each count theirs. */
  scope(): Engine {
    return new Engine(this.options, this);
  }

  get target(): string {
    return this.options.target;
  }

  get contract(): Contract {
    return this.options.contract;
  }

  async send(request: SentRequest, options?: SendOptions): Promise<Exchange> {
    for (let e: Engine | undefined = this; e; e = e.#parent) e.requests++;
    return this.options.http.send(request, options);
  }

  /** Sends and judges: the exchange and its findings. */
  async exchange(
    request: SentRequest,
    judged: Judged,
    options?: SendOptions,
  ): Promise<{ exchange: Exchange; findings: ReportedFinding[]; sentAtMs: number }> {
    const sentAtMs = Date.now();
    const exchange = await this.send(request, options);
    return { exchange, findings: this.judge(exchange, "case" in judged ? { sentAtMs, ...judged } : judged), sentAtMs };
  }

  /**
   * A read the runner makes for itself (fixtures, a case's numbers before it starts): a 429 is judged by the
   * response checks, then retried up to `retries` times after a pause that doubles from `backoffMs`, so that a
   * target enforcing a rate still tells the runner what it holds (DESIGN "The runner against a live target").
   */
  async exchangePatiently(
    request: SentRequest,
    judged: Judged,
    retries = 3,
    backoffMs = 250,
  ): Promise<{ exchange: Exchange; findings: ReportedFinding[]; sentAtMs: number }> {
    const tries = this.#throttled.spent ? 0 : retries;
    for (let attempt = 0; ; attempt++) {
      const sentAtMs = Date.now();
      const exchange = await this.send(request);
      if (exchange.response?.status === 429 && attempt >= tries) this.#throttled.spent = true;
      if (exchange.response?.status !== 429 || attempt >= tries)
        return {
          exchange,
          findings: this.judge(exchange, "case" in judged ? { sentAtMs, ...judged } : judged),
          sentAtMs,
        };
      const { operation, addressed } = judged;
      const found = this.judge(exchange, { ...(operation ? { operation } : {}), ...(addressed ? { addressed } : {}) });
      if (found.length) return { exchange, findings: found, sentAtMs };
      await new Promise((resolve) => setTimeout(resolve, backoffMs * 2 ** attempt));
    }
  }

  /** The selected checks on an exchange already made; its request id then counts as seen. */
  judge(exchange: Exchange, judged: Judged): ReportedFinding[] {
    const input = {
      sentAtMs: Date.now(),
      ...judged,
      contract: this.options.contract,
      exchange,
      requestIdsSeen: this.requestIdsSeen,
    };
    const withCase = "case" in judged;
    const found: Finding[] = [];
    for (const name of this.options.checks) {
      const check = checkRegistry.get(name)!;
      if (!withCase && !responseChecks.includes(check as (typeof responseChecks)[number])) continue;
      found.push(...check.run(input as CheckInput));
    }
    const id = exchange.response?.headers["x-amzn-requestid"];
    if (id) this.requestIdsSeen.add(id);
    const status = exchange.response?.status;
    if (status !== undefined && status !== 429) this.#throttled.spent = false;
    if (judged.operation && status !== undefined) {
      const seen = this.statusesSeen.get(judged.operation) ?? new Set<number>();
      this.statusesSeen.set(judged.operation, seen.add(status));
    }
    if (judged.operation === "UpdatePhoneNumber" && judged.addressed && status === 200)
      this.updated.add(judged.addressed);
    return found.map(report);
  }
}

/** Per operation: the statuses it documents, which the run saw, and which it never provoked. */
export function statusCoverage(engine: Engine): StatusCoverage[] {
  return operationIds.map((operation) => {
    const documented = [...engine.contract.operation(operation).responses.keys()].sort((a, b) => a - b);
    const seen = [...(engine.statusesSeen.get(operation) ?? [])].sort((a, b) => a - b);
    return { operation, documented, seen, neverProvoked: documented.filter((s) => !seen.includes(s)) };
  });
}

export function report(f: Finding): ReportedFinding {
  return reportFinding(f);
}
