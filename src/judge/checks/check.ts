import type { Contract, OperationId } from "../../contract/contract.js";
import type { RuleId } from "../../contract/rules.js";
import type { PhoneNumber } from "../../fixtures/fixtures.js";
import { parseBody, type Exchange } from "../exchange.js";
import type { Expectation } from "../expectation.js";
import { finding as makeFinding, type Finding } from "../finding.js";
import type { NumberView } from "../number-model.js";

export type { Finding } from "../finding.js";

/** What a tester saw besides this exchange, read-only: the checks that need more than one exchange read it. */
export interface SessionView {
  /** Request ids of earlier answers (W2: unique); absent: uniqueness is not judged. */
  requestIdsSeen?: ReadonlySet<string>;
  /** Every exchange of requests sent at once with this one (a group's statuses are judged together). */
  group?: readonly Exchange[];
}

/**
 * What a check judges: one exchange, whoever made it (a case, a generated session, the validating proxy, a
 * server test), what the tester expects of it if anything, and what it knows of the numbers and the session.
 * A check is a pure function of this input; no case is ever required.
 */
export interface CheckInput {
  contract: Contract;
  /** The operation the request is, or undefined for a request outside the contract (W5). */
  operation?: OperationId;
  exchange: Exchange;
  /** The E.164 number the request addressed, when known. */
  addressed?: string;
  /** The rule a finding with no rule of its own (no answer, a 5xx) is reported under (default W4). */
  rule?: RuleId;
  expected?: Expectation;
  /** What the tester knows the numbers hold, before this exchange (state_change, fixtures_held). */
  model?: NumberView;
  session?: SessionView;
}

/** One check of the registry: its name is what users pass to `--checks` and see in reports. */
export interface Check {
  name: string;
  description: string;
  run(input: CheckInput): Finding[];
}

/** The rule of a finding that has none of its own. */
export function exchangeRule(input: CheckInput): RuleId {
  return input.rule ?? "W4";
}

export function finding(
  check: string,
  rule: RuleId,
  message: string,
  input: Pick<CheckInput, "exchange">,
  errors?: Finding["errors"],
): Finding {
  return makeFinding(check, rule, message, input.exchange, errors);
}

/** The JSON body, when there is a complete one. */
export function jsonBody(input: Pick<CheckInput, "exchange">): unknown {
  const response = input.exchange.response;
  if (!response || input.exchange.failure) return undefined;
  const parsed = parseBody(response);
  return parsed.ok ? parsed.value : undefined;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The `PhoneNumber` member of a 200 body, when it is an object. */
export function answeredNumber(body: unknown): PhoneNumber | undefined {
  return isObject(body) && isObject(body.PhoneNumber) ? (body.PhoneNumber as PhoneNumber) : undefined;
}

/** The number a complete 200 answered, when it is about `e164` (any number when `e164` is not given). */
export function numberAnswered(exchange: Exchange, e164?: string): PhoneNumber | undefined {
  if (exchange.failure || exchange.response?.status !== 200) return undefined;
  const number = answeredNumber(jsonBody({ exchange }));
  return number && (e164 === undefined || number.E164PhoneNumber === e164) ? number : undefined;
}

/** A complete response, with the exchange not cut short. */
export function completeResponse(input: Pick<CheckInput, "exchange">) {
  return input.exchange.failure ? undefined : input.exchange.response;
}

export function hasBody(input: Pick<CheckInput, "exchange">): boolean {
  return (
    input.exchange.request.method !== "HEAD" &&
    input.exchange.response?.status !== 204 &&
    input.exchange.response?.status !== 304
  );
}
