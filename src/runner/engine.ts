import { operationIds, type Contract, type OperationId } from "../contract/contract.js";
import type { RuleId } from "../contract/rules.js";
import { type HttpClient, notSent, type SendOptions } from "../http/client.js";
import { waitUnlessStopped } from "../http/wait.js";
import { judgeExchange } from "../judge/checks/index.js";
import type { StatusCoverage } from "../judge/events.js";
import type { Exchange, SentRequest } from "../judge/exchange.js";
import type { Expectation } from "../judge/expectation.js";
import { reportFinding, type ReportedFinding } from "../judge/finding.js";
import { NumberModel } from "../judge/number-model.js";
import { Slots } from "./slots.js";

export interface EngineOptions {
  contract: Contract;
  /** The checks to apply, by name (`--checks`). */
  checks: readonly string[];
  http: HttpClient;
  target: string;
  /** What the run knows of every number: shared by its cases and generated sessions. */
  model?: NumberModel;
  /** Requests in flight at most (`--concurrency`; default: no cap). A group's own connections are not counted. */
  concurrency?: number;
  /**
   * The run's stop (SIGINT, SIGTERM): a 429's pause or a step's wait ends at once, and no request goes out after
   * it, whatever client `http` is.
   */
  stop?: AbortSignal;
}

/** What judging an exchange needs besides the exchange itself. */
export interface Judged {
  operation?: OperationId;
  /** The E.164 number the request addressed. */
  addressed?: string;
  /** The rule a finding with no rule of its own is reported under. */
  rule?: RuleId;
  expected?: Expectation;
  /** The exchanges of requests sent at once with this one (a group's statuses are judged together). */
  group?: readonly Exchange[];
}

export interface Judgement {
  exchange: Exchange;
  findings: ReportedFinding[];
}

/**
 * The one execution path of every case, hand-written, generated or replayed: a request is sent, its answer
 * judged by the selected checks against what the case expects and what the run's model knows of the number, its
 * request id remembered for the whole run (W2: unique), and each finding given the curl command that repeats it.
 * The caller teaches the model what the answer shows, once judged.
 */
export class Engine {
  /** Requests this engine sent (a scope's: one case's). */
  requests = 0;
  readonly requestIdsSeen: Set<string>;
  readonly model: NumberModel;
  /** Per operation, the statuses its answers had (coverage: what the run provoked). */
  readonly statusesSeen: Map<OperationId, Set<number>>;
  /**
   * Set when a patient read was still answered 429 after all its retries, cleared by any other answer: until the
   * target answers otherwise, further reads are sent once, so that a target throttling everything ends the run in
   * seconds rather than a backoff per read.
   */
  readonly #throttled: { spent: boolean };
  /** The run's senders (the cap on requests in flight) and its pause after a 429, shared by every scope. */
  readonly slots: Slots;
  readonly #parent: Engine | undefined;

  constructor(
    readonly options: EngineOptions,
    parent?: Engine,
  ) {
    this.#parent = parent;
    this.requestIdsSeen = parent?.requestIdsSeen ?? new Set();
    this.model = parent?.model ?? options.model ?? new NumberModel();
    this.statusesSeen = parent?.statusesSeen ?? new Map();
    this.#throttled = parent ? parent.#throttled : { spent: false };
    this.slots = parent ? parent.slots : new Slots(Math.max(1, options.concurrency ?? Number.POSITIVE_INFINITY));
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
    // A throttling burst goes out as it is: neither capped nor paused (it is there to provoke 429s).
    if (options?.unpaced)
      return this.options.stop?.aborted ? notSent(request) : this.options.http.send(request, options);
    const send = async () => {
      await this.slots.resumed(this.options.stop);
      return this.options.stop?.aborted ? notSent(request) : this.options.http.send(request, options);
    };
    // A group's requests go out together, each on its own connection (S8): the cap never staggers them. A task
    // that holds a slot (a case, a number's steps) sends on it.
    if (options?.ownConnection || this.slots.holding) return send();
    return this.slots.hold(send);
  }

  /** A case's own wait (a step's pause, a calling name's delay): over at once when the run is stopped. */
  wait(ms: number): Promise<void> {
    return waitUnlessStopped(ms, this.options.stop);
  }

  /** Sends and judges: the exchange and its findings. */
  async exchange(request: SentRequest, judged: Judged, options?: SendOptions): Promise<Judgement> {
    const exchange = await this.send(request, options);
    return { exchange, findings: this.judge(exchange, judged) };
  }

  /**
   * A read the runner makes for itself (fixtures, a case's numbers before it starts): a 429 is judged by the
   * response checks, then retried up to `retries` times after a pause that doubles from `backoffMs`, so that a
   * target enforcing a rate still tells the runner what it holds (DESIGN "The runner against a live target").
   * The pause holds every sender, not only this one: requests in flight at once would otherwise meet the same 429.
   */
  async exchangePatiently(request: SentRequest, judged: Judged, retries = 3, backoffMs = 250): Promise<Judgement> {
    const tries = this.#throttled.spent ? 0 : retries;
    for (let attempt = 0; ; attempt++) {
      const exchange = await this.send(request);
      if (exchange.response?.status === 429 && attempt >= tries) this.#throttled.spent = true;
      if (exchange.response?.status !== 429 || attempt >= tries)
        return { exchange, findings: this.judge(exchange, judged) };
      const { operation, addressed } = judged;
      const found = this.judge(exchange, { ...(operation ? { operation } : {}), ...(addressed ? { addressed } : {}) });
      if (found.length) return { exchange, findings: found };
      this.slots.pause(backoffMs * 2 ** attempt);
    }
  }

  /** The selected checks on an exchange already made; its request id then counts as seen. */
  judge(exchange: Exchange, judged: Judged): ReportedFinding[] {
    const found = judgeExchange(
      {
        contract: this.options.contract,
        exchange,
        ...(judged.operation ? { operation: judged.operation } : {}),
        ...(judged.addressed !== undefined ? { addressed: judged.addressed } : {}),
        ...(judged.rule ? { rule: judged.rule } : {}),
        ...(judged.expected ? { expected: judged.expected } : {}),
        model: this.model,
        session: { requestIdsSeen: this.requestIdsSeen, ...(judged.group ? { group: judged.group } : {}) },
      },
      this.options.checks,
    );
    this.#record(exchange, judged);
    return found.map(reportFinding);
  }

  /** What the run keeps of every exchange: its request id (W2), its status (coverage), an update it answered. */
  #record(exchange: Exchange, judged: Judged): void {
    const id = exchange.response?.headers["x-amzn-requestid"];
    if (id) this.requestIdsSeen.add(id);
    const status = exchange.response?.status;
    if (status !== undefined && status !== 429) this.#throttled.spent = false;
    if (judged.operation && status !== undefined) {
      const seen = this.statusesSeen.get(judged.operation) ?? new Set<number>();
      this.statusesSeen.set(judged.operation, seen.add(status));
    }
    // Whether or not the case expected it, the number's changes are then explained (S6 after the cases).
    if (judged.operation === "UpdatePhoneNumber" && judged.addressed && status === 200)
      this.model.updated.add(judged.addressed);
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
