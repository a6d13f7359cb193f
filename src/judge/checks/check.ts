import type { ErrorObject } from "ajv";
import type { Contract, OperationId } from "../../contract/contract.js";
import type { PhoneNumber } from "../../fixtures/fixtures.js";
import type { CaseStep, ConformanceCase, RuleId } from "../../runner/case.js";
import { parseBody, type Exchange } from "../exchange.js";

/**
 * What a response check judges: one exchange, whoever made it (a case, the validating proxy, a server test).
 * Nothing here is about what a case expects; that is `CheckInput`'s.
 */
export interface ExchangeInput {
  contract: Contract;
  /** The operation the request is, or undefined for a request outside the contract (W5). */
  operation?: OperationId;
  exchange: Exchange;
  /** The E.164 number the request addressed, when known. */
  addressed?: string;
  /** Request ids of earlier responses (W2: unique); absent: uniqueness is not judged. */
  requestIdsSeen?: ReadonlySet<string>;
  /** The rule a finding with no rule of its own (no answer, a 5xx) is reported under (default W4). */
  rule?: RuleId;
}

/** A response check's input plus what the case expects: a pure function of this input returns the findings. */
export interface CheckInput extends ExchangeInput {
  case: ConformanceCase;
  step: CaseStep;
  /** `step`: the step's own request; `read-back`: the GetPhoneNumber the runner sent after it. */
  role: "step" | "read-back";
  /** What the number held before the step, when the target holds it. */
  before?: PhoneNumber;
  /** For a read-back: what the read must return. */
  expected?: { phoneNumber: PhoneNumber; rule: RuleId; why: string };
  /** The runner's clock when the request was sent (S6 compares timestamps with it). */
  sentAtMs: number;
}

export interface Finding {
  check: string;
  rule: RuleId;
  message: string;
  /** ajv's errors, as data. */
  errors?: ErrorObject[];
  exchange: Exchange;
}

/** A check of any exchange (W2-W5): it looks at nothing a case expects. */
export interface ResponseCheck {
  /** What users pass to `--checks` and see in reports. */
  name: string;
  description: string;
  run(input: ExchangeInput): Finding[];
}

/** A check of a case's own expectations. */
export interface Check {
  name: string;
  description: string;
  run(input: CheckInput): Finding[];
}

/** The rule a failure of the step's own expectations is reported under. */
export function stepRule(input: CheckInput): RuleId {
  return input.step.rule ?? input.case.rules[0]!;
}

/** The rule of a finding that has none of its own. */
export function exchangeRule(input: ExchangeInput): RuleId {
  return input.rule ?? "W4";
}

export function finding(
  check: string,
  rule: RuleId,
  message: string,
  input: ExchangeInput,
  errors?: ErrorObject[],
): Finding {
  return { check, rule, message, exchange: input.exchange, ...(errors?.length ? { errors } : {}) };
}

/** The JSON body, when there is a complete one. */
export function jsonBody(input: ExchangeInput): unknown {
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

/** A complete response, with the exchange not cut short. */
export function completeResponse(input: ExchangeInput) {
  return input.exchange.failure ? undefined : input.exchange.response;
}

export function hasBody(input: ExchangeInput): boolean {
  return (
    input.exchange.request.method !== "HEAD" &&
    input.exchange.response?.status !== 204 &&
    input.exchange.response?.status !== 304
  );
}
