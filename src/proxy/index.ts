import { loadContract } from "../contract/loader.js";
import { timerLimit } from "../duration.js";
import { loadFixtures } from "../fixtures/fixtures.js";
import { defaultSpecPath } from "../contract/paths.js";
import type { ReportedFinding } from "../judge/events.js";
import type { RequestSigner } from "../http/signing.js";
import { startForwarder } from "./forwarder.js";
import { proxyAdmission } from "./admission.js";
import { bindNames } from "../access/index.js";
import { ProxyJudge, type JudgedExchange } from "./judge.js";
import { ProxySession } from "./session.js";

export { ProxySession } from "./session.js";
export type { JudgedExchange } from "./judge.js";

export interface ValidatingProxyOptions {
  target: string;
  host?: string;
  port?: number;
  fixturesPath?: string;
  /** The target's calling-name delay (`--calling-name-delay`): S5 is then judged only within it. */
  callingNameDelayMs?: number;
  specPath?: string;
  /** The target's answer, headers and body (a 504 after it): from 1 ms to the longest a timer can wait; 30 s. */
  timeoutMs?: number;
  sign?: RequestSigner;
  /** Names answered besides loopback ones (`--allowed-host`); a non-loopback bind address is one of them. */
  allowedHosts?: readonly string[];
  /** Each finding as it happens. */
  onFinding?(finding: ReportedFinding): void;
  /** Each exchange once judged (`--record`). */
  onExchange?(judged: JudgedExchange): void;
  /** The target could not be reached (answered 502; not a finding). */
  onUnreachable?(message: string): void;
}

export interface ValidatingProxy {
  url: string;
  session: ProxySession;
  /** Stops listening; exchanges still in flight are cut. */
  close(): Promise<void>;
}

/** DESIGN "The validating proxy": forwards, judges each exchange, and keeps the session for reports. */
export async function startValidatingProxy(options: ValidatingProxyOptions): Promise<ValidatingProxy> {
  // 0 was once taken for "not given" (30 s); a timer cannot hold more than its limit (it would fire at once).
  const timeout = options.timeoutMs;
  if (timeout !== undefined && !(Number.isInteger(timeout) && timeout >= 1 && timeout <= timerLimit.ms))
    throw new RangeError(`timeoutMs must be an integer from 1 to ${timerLimit.ms}, got ${timeout}`);
  const contract = await loadContract(options.specPath ?? defaultSpecPath);
  const fixtures = options.fixturesPath ? await loadFixtures(options.fixturesPath, contract) : undefined;
  const judge = new ProxyJudge(contract, fixtures, options.callingNameDelayMs);
  const session = new ProxySession(options.target);
  const forwarder = await startForwarder({
    target: options.target,
    host: options.host ?? "127.0.0.1",
    port: options.port ?? 4011,
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.sign ? { sign: options.sign } : {}),
    // Before anything is forwarded or signed: a page on the same machine is refused here.
    admit: proxyAdmission([...(options.allowedHosts ?? []), ...bindNames(options.host ?? "127.0.0.1")]),
    observer: {
      started: (method, path) => judge.started(method, path),
      finished(ticket, exchange, path) {
        const judged = judge.finished(ticket, exchange, path);
        for (const f of session.add(judged)) options.onFinding?.(f);
        options.onExchange?.(judged);
      },
      abandoned(ticket, why) {
        judge.abandoned(ticket);
        if (why === "stop") session.cutByStop++;
      },
      unreachable(ticket, _request, message) {
        judge.abandoned(ticket);
        options.onUnreachable?.(message);
      },
    },
  });
  return { url: forwarder.url, session, close: () => forwarder.close() };
}
