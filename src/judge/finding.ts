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
  /** The fault, said the same way for every request it is found in: what groups findings alike. */
  message: string;
  /**
   * Which of a case's many alike requests it was about (a coverage class, a put-back, a minimal example), kept out
   * of `message` so that one fault over a hundred requests is one group, not a hundred. Shown before the message.
   */
  context?: string;
  /** ajv's errors, as data. */
  errors?: ErrorObject[];
  exchange: Exchange;
}

/** A finding as events and reports carry it: the exchange cut to its excerpt, and the command that repeats it. */
export interface ReportedFinding extends Finding {
  curl: string;
}

/** The finding as people read it: its context in brackets, then the fault. */
export function shownMessage(f: Pick<Finding, "message" | "context">): string {
  return f.context === undefined ? f.message : `[${f.context}] ${f.message}`;
}

/** The findings, each with `context` in front of any it had: the outer request first, then what it led to. */
export function inContext<F extends Finding>(findings: readonly F[], context: string): F[] {
  return findings.map((f) => ({ ...f, context: f.context === undefined ? context : `${context}; ${f.context}` }));
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
