/**
 * The case format (conformance/case.schema.json, version 1): data a reviewer reads without code.
 * A case names the numbers it needs by fixture properties, then sends steps and states what it expects.
 */

import { ruleIds, type RuleId } from "../contract/rules.js";

export const caseFormatVersion = 1;

/** The rules a case names: the contract's one table (case.schema.json's enum is held equal to it). */
export { ruleIds, type RuleId };

/** The rules every default run must cover (S8 is optional by DESIGN "Test selection"). */
export const requiredRules: readonly RuleId[] = ruleIds.filter((r) => r !== "S8");

/** What a case needs of a number, matched against the fixtures (never an id). */
export interface NumberNeed {
  /** A number the target does not hold. */
  unknown?: boolean;
  /** `US`, or `non-US` for any other country. */
  country?: "US" | "non-US";
  type?: "Local" | "TollFree";
  productType?: "VoiceConnector" | "SipMediaApplicationDialIn";
  callingNameStatus?: "Unassigned" | "UpdateInProgress" | "UpdateSucceeded" | "UpdateFailed";
  name?: "present" | "absent";
  callingName?: "present" | "absent";
}

/** A body built by repetition, for size limits (V1, W5), without writing 64 KiB into a YAML file. */
export interface RepeatedBody {
  prefix?: string;
  repeat: string;
  times: number;
  suffix?: string;
}

export interface StepRequest {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD" | "OPTIONS";
  /** A number the case picked, by its key in `numbers`. */
  number?: string;
  /**
   * How the picked number is written in the path: `encoded` (`%2B12065550100`, what the AWS SDKs send),
   * `plus` (a literal `+`), `id` (its PhoneNumberId percent-encoded again: `%252B...`, a client passing
   * back the id it was given).
   */
  labelForm?: "encoded" | "plus" | "id";
  /** A raw label, already percent-encoded, for labels no fixture describes. */
  label?: string;
  /** A raw path instead of `/phone-numbers/{label}` (W5). */
  path?: string;
  /** A raw query string without `?`. */
  query?: string;
  headers?: Record<string, string>;
  /** A JSON body; sent with `Content-Type: application/json` unless `headers` say otherwise. */
  json?: unknown;
  /** A raw body, sent as given. */
  body?: string | RepeatedBody;
}

export type ReadBack = "same" | "unchanged" | "none";

export interface StepExpect {
  status: number;
  /** The error shape named by `x-amzn-ErrorType`; its Code comes from the one error table. */
  error?: string;
  /** Members by JSON pointer into the response body, compared as JSON. */
  members?: Record<string, unknown>;
  /** JSON pointers that must be absent from the response body. */
  absent?: string[];
  /** W3: the error's Message names the offending member or part (compared without regard to case). */
  messageMentions?: string;
  /**
   * After the step, read the number back: `same` as this response (S7), `unchanged` from before the step
   * (a refused update changes nothing), `none`. Default: `same` for an update answered 200, `unchanged`
   * for any other request to a number the target holds.
   */
  readBack?: ReadBack;
}

export interface CaseStep {
  /** The rule a failure of this step's own expectations is reported under (default: the case's first rule). */
  rule?: RuleId;
  request: StepRequest;
  expect: StepExpect;
}

export interface ConformanceCase {
  id: string;
  title: string;
  rules: RuleId[];
  tags: string[];
  numbers: Record<string, NumberNeed>;
  steps: CaseStep[];
  /** Where the case was read from, for messages. */
  source: { file: string; line: number };
}

/** A case writes to a number when one of its steps is an update it expects to succeed. */
export function writtenNumbers(c: Pick<ConformanceCase, "steps">): Set<string> {
  const keys = new Set<string>();
  for (const step of c.steps) {
    if (step.request.method === "POST" && step.request.number && step.expect.status === 200)
      keys.add(step.request.number);
  }
  return keys;
}
