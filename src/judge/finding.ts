import type { ErrorObject } from "ajv";
import type { RuleId } from "../contract/rules.js";
import { curlCommand } from "./curl.js";
import { excerptOf } from "./excerpt.js";
import type { Exchange } from "./exchange.js";

/**
 * A check that finds one fault in many members of one answer lists this many, and counts the rest in one more
 * finding: an answer of 50,000 nulls is 11 findings, not 50,000 (each with its message, in every report).
 */
export const listedPerCheck = 10;

/** What a check found wrong with one exchange: the check's registry name, the rule broken, and why. */
export interface Finding {
  /** The check's name in the registry (what `--checks` takes and reports show). */
  check: string;
  rule: RuleId;
  message: string;
  /** ajv's errors, as data. */
  errors?: ErrorObject[];
  exchange: Exchange;
}

/** A finding as events and reports carry it: the exchange cut to its excerpt, and the command that repeats it. */
export interface ReportedFinding extends Finding {
  curl: string;
}

export function finding(
  check: string,
  rule: RuleId,
  message: string,
  exchange: Exchange,
  errors?: ErrorObject[],
): Finding {
  return { check, rule, message, exchange, ...(errors?.length ? { errors } : {}) };
}

// Findings about one exchange share one excerpt of it and one curl command (a failing answer often breaks
// several checks): each is built once, from a request body the judge already holds bounded.
const excerpts = new WeakMap<Exchange, { exchange: Exchange; curl: string }>();

/**
 * A finding as events carry it, whoever found it (a case, a generated session, the proxy): the curl command, and
 * the exchange cut to the excerpt reports show, so that a tester keeps what reports need and not every body.
 */
export function reportFinding(f: Finding): ReportedFinding {
  let kept = excerpts.get(f.exchange);
  if (!kept) {
    kept = { exchange: excerptOf(f.exchange), curl: curlCommand(f.exchange.request) };
    excerpts.set(f.exchange, kept);
  }
  return { ...f, exchange: kept.exchange, curl: kept.curl };
}
