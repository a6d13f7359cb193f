import type { Finding } from "./checks/check.js";
import { curlCommand } from "./curl.js";
import type { ReportedFinding } from "./events.js";
import { excerptOf, type Exchange } from "./exchange.js";

// Findings about one exchange share one excerpt of it (a failing answer often breaks several checks).
const excerpts = new WeakMap<Exchange, { exchange: Exchange; curl: string }>();

/**
 * A finding as events carry it: the curl command built from the whole request, and the exchange cut to the
 * excerpt reports show, so that a run keeps what reports need and not every failing body.
 */
export function reportFinding(f: Finding): ReportedFinding {
  let kept = excerpts.get(f.exchange);
  if (!kept) {
    kept = { exchange: excerptOf(f.exchange), curl: curlCommand(f.exchange.request) };
    excerpts.set(f.exchange, kept);
  }
  return { ...f, exchange: kept.exchange, curl: kept.curl };
}
