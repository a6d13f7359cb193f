import type { Contract } from "../contract/contract.js";
import type { RuleId } from "../contract/rules.js";
import type { Fixture } from "../fixtures/fixtures.js";
import { numberAnswered } from "../judge/checks/check.js";
import { judgeExchange } from "../judge/checks/index.js";
import type { Exchange } from "../judge/exchange.js";
import type { Finding } from "../judge/finding.js";
import { NumberModel } from "../judge/number-model.js";
import { InFlight, type InFlightEntry } from "./in-flight.js";
import { observedExpectation } from "../judge/observed.js";
import { RecentIds } from "../judge/recent-ids.js";
import { addressedBy, judgeRequest, type RequestVerdict } from "../judge/request-verdict.js";

interface Pending {
  method: string;
  e164?: string;
  overlapped: boolean;
}

/** An exchange the judge was told has started: handed back when it ends (the forwarder's ticket). */
export type PendingTicket = InFlightEntry<Pending>;

/** One exchange as the proxy judged it. */
export interface JudgedExchange {
  exchange: Exchange;
  /** The path as the client sent it, relative to the proxy. */
  path: string;
  verdict: RequestVerdict;
  findings: Finding[];
}

/**
 * Every exchange judged by the checks the runner judges a case's steps with: the answer on its own (W2-W5), what
 * the contract expects given the request (V1-V8, W1, W5) and what the model knows of the number (S1-S8), stated
 * as an expectation (`observedExpectation`). Exchanges on one number that overlap are not judged across
 * exchanges (either order is the contract's); the number's state is then taken afresh from the next answer.
 */
export class ProxyJudge {
  private readonly model: NumberModel;
  /** Exchanges started and not yet ended: a list, not a Map by number (see InFlight). */
  private readonly pending = new InFlight<Pending>();
  private readonly requestIdsSeen = new RecentIds();

  constructor(
    private readonly contract: Contract,
    fixtures?: readonly Fixture[],
    private readonly callingNameDelayMs?: number,
  ) {
    this.model = new NumberModel(fixtures);
  }

  started(method: string, path: string): PendingTicket {
    const e164 = addressedBy(method, path);
    let overlapped = false;
    if (e164 !== undefined)
      for (let e = this.pending.head; e; e = e.next)
        if (e.value.e164 === e164) {
          e.value.overlapped = true;
          overlapped = true;
        }
    if (overlapped && e164 !== undefined) this.model.forget(e164);
    return this.pending.add({ method, overlapped, ...(e164 !== undefined ? { e164 } : {}) });
  }

  /**
   * An exchange that ends without the target's answer (unreachable, or the client went away): not judged, but an
   * update may still have been applied, so what the model knew of its number is no longer known.
   */
  abandoned(ticket: PendingTicket): void {
    const pending = ticket.value;
    this.pending.delete(ticket);
    if (pending.e164 !== undefined && pending.method === "POST") this.model.forget(pending.e164);
  }

  finished(ticket: PendingTicket, exchange: Exchange, path: string): JudgedExchange {
    const pending = ticket.value;
    this.pending.delete(ticket);
    const verdict = judgeRequest(this.contract, exchange.request, path);
    // The reference server's control interface is not the contract's: forwarded, never judged.
    if (path.startsWith("/_control/")) return { exchange, path, verdict, findings: [] };
    // A request the contract refuses, answered anyway, says nothing the model can trust about the number.
    const overlapped = pending.overlapped || verdict.refused !== undefined;
    const expected = observedExpectation({
      verdict,
      exchange,
      model: this.model,
      overlapped,
      ...(this.callingNameDelayMs !== undefined ? { callingNameDelayMs: this.callingNameDelayMs } : {}),
    });
    // A finding with no rule of its own (no answer) is about the rule that refuses the request, or W4.
    const rule: RuleId = verdict.refused?.rule ?? (verdict.operation ? "W4" : "W5");
    const findings = judgeExchange({
      contract: this.contract,
      exchange,
      rule,
      model: this.model,
      session: { requestIdsSeen: this.requestIdsSeen },
      ...(verdict.operation ? { operation: verdict.operation } : {}),
      ...(verdict.addressed !== undefined ? { addressed: verdict.addressed } : {}),
      ...(expected ? { expected } : {}),
    });
    const id = exchange.response?.headers["x-amzn-requestid"];
    if (id) this.requestIdsSeen.add(id);
    this.learn(verdict, exchange, overlapped);
    return { exchange, path, verdict, findings };
  }

  /** What the answer shows of the number, once judged. */
  private learn(verdict: RequestVerdict, exchange: Exchange, overlapped: boolean): void {
    const e164 = verdict.addressed;
    if (e164 === undefined || !verdict.operation) return;
    const answered = numberAnswered(exchange, e164);
    if (!answered) return;
    const update = verdict.operation === "UpdatePhoneNumber";
    const own = update && !verdict.refused ? verdict.detail : undefined;
    if (overlapped) {
      this.model.forget(e164, own);
      return;
    }
    // A CallingName update answered pending begins a calling-name update (one accepted while another was pending
    // is S5's finding, and the target's own clock restarts with it all the same).
    const began =
      own?.member === "CallingName" && answered.CallingNameStatus === "UpdateInProgress"
        ? { sentAt: exchange.sentAt ?? Date.now(), answeredAt: Date.now() }
        : undefined;
    this.model.learn(e164, answered, { update, ...(began ? { began } : {}) });
  }
}
