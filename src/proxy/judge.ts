import type { Contract } from "../contract/contract.js";
import type { Fixture } from "../fixtures/fixtures.js";
import type { RuleId } from "../runner/case.js";
import { finding, type Finding } from "../judge/checks/check.js";
import { checkExchange } from "../judge/checks/index.js";
import type { Exchange } from "../judge/exchange.js";
import { NumberModel } from "../judge/number-model.js";
import { RecentIds } from "../judge/recent-ids.js";
import { judgeRequest, type RequestVerdict } from "../judge/request-verdict.js";

/** Statuses a refused request may get besides 400: authentication and throttling come before validation. */
const beforeValidation = new Set([400, 401, 403, 429]);

interface Pending {
  method: string;
  path: string;
  e164?: string;
  sentAtMs: number;
  overlapped: boolean;
}

/** One exchange as the proxy judged it. */
export interface JudgedExchange {
  exchange: Exchange;
  /** The path as the client sent it, relative to the proxy. */
  path: string;
  verdict: RequestVerdict;
  findings: Finding[];
}

/**
 * Every exchange judged as the runner judges a case's (the exported response checks), plus the request against
 * the contract (V1-V8, W1, W5) and across exchanges (the model, S1-S7).
 */
export class ProxyJudge {
  private readonly model: NumberModel;
  private readonly pending = new Map<number, Pending>();
  private readonly requestIdsSeen = new RecentIds();
  private next = 0;

  constructor(
    private readonly contract: Contract,
    fixtures?: readonly Fixture[],
    callingNameDelayMs?: number,
  ) {
    this.model = new NumberModel(contract, fixtures, callingNameDelayMs);
  }

  started(method: string, path: string): number {
    const ticket = this.next++;
    const verdict = judgeRequest(this.contract, { method, url: "", path, headers: {} }, path);
    const e164 = verdict.addressed;
    let overlapped = false;
    if (e164 !== undefined)
      for (const p of this.pending.values())
        if (p.e164 === e164) {
          p.overlapped = true;
          overlapped = true;
        }
    if (overlapped && e164 !== undefined) this.model.forget(e164);
    this.pending.set(ticket, {
      method,
      path,
      sentAtMs: Date.now(),
      overlapped,
      ...(e164 !== undefined ? { e164 } : {}),
    });
    return ticket;
  }

  /**
   * An exchange that ends without the target's answer (unreachable, or the client went away): not judged, but an
   * update may still have been applied, so what the model knew of its number is no longer known.
   */
  abandoned(ticket: number): void {
    const pending = this.pending.get(ticket);
    this.pending.delete(ticket);
    if (pending?.e164 !== undefined && pending.method === "POST") this.model.forget(pending.e164);
  }

  finished(ticket: number, exchange: Exchange, path: string): JudgedExchange {
    const pending = this.pending.get(ticket);
    this.pending.delete(ticket);
    const verdict = judgeRequest(this.contract, exchange.request, path);
    // The reference server's control interface is not the contract's: forwarded, never judged.
    if (path.startsWith("/_control/")) return { exchange, path, verdict, findings: [] };
    const rule: RuleId | undefined = verdict.refused?.rule ?? verdict.acceptedUnder;
    const input = {
      contract: this.contract,
      exchange,
      ...(verdict.operation ? { operation: verdict.operation } : {}),
      ...(verdict.addressed !== undefined ? { addressed: verdict.addressed } : {}),
      requestIdsSeen: this.requestIdsSeen,
      ...(rule ? { rule } : {}),
    };
    const findings = checkExchange(input);
    const id = exchange.response?.headers["x-amzn-requestid"];
    if (id) this.requestIdsSeen.add(id);
    findings.push(...this.againstRequest(verdict, input));
    findings.push(
      ...this.model.observe(verdict, exchange, pending?.sentAtMs ?? Date.now(), pending?.overlapped ?? true),
    );
    return { exchange, path, verdict, findings };
  }

  /** V1-V8, W1 and W5: the request on its own decides what the answer may be. */
  private againstRequest(verdict: RequestVerdict, input: Parameters<typeof checkExchange>[0]): Finding[] {
    const response = input.exchange.response;
    if (!response || input.exchange.failure) return [];
    const status = response.status;
    const f = (rule: RuleId, message: string) => [finding("proxy_request", rule, message, input)];
    if (!verdict.operation) {
      if (status === 404 && response.headers["x-amzn-errortype"]?.startsWith("NotFoundException")) return [];
      return f("W5", `a request outside the contract was answered ${status}, not 404 NotFoundException`);
    }
    if (verdict.refused) {
      const { rule, why } = verdict.refused;
      if (status >= 200 && status < 300)
        return f(rule, `the contract refuses this request (${why}), but the target answered ${status}`);
      if (status === 404 && rule !== "W1")
        return f("V8", `the request is invalid (${why}): validation comes before lookup, so 400, not 404`);
      if (status === 404) return f("W1", `the label is invalid (${why}): a 400, not a lookup`);
      if (!beforeValidation.has(status) && status < 500)
        return f(rule, `the contract refuses this request (${why}) with 400, the target answered ${status}`);
      return [];
    }
    if (status !== 400) return [];
    const e164 = verdict.addressed!;
    // S2 explains a 400 for VoiceConnector when the number is not known to be in the U.S.
    if (verdict.detail?.member === "ProductType" && verdict.detail.value === "VoiceConnector") {
      if (this.model.country(e164) !== "US") return [];
      return f("S2", `VoiceConnector for ${e164}, a U.S. number, was refused with 400`);
    }
    if (!this.model.exists(e164) && (verdict.operation === "GetPhoneNumber" || this.model.knownAbsent(e164)))
      return f("S1", `${e164} is not known to be held: an unknown number is a 404, the target answered 400`);
    return f(
      verdict.acceptedUnder ?? "W4",
      `the contract accepts this request (${verdict.detail ? `${verdict.detail.member} ${JSON.stringify(verdict.detail.value)}` : "a valid label"}), but the target answered 400`,
    );
  }
}
