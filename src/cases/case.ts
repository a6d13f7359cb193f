/**
 * The case format (conformance/case.schema.json, version 1): data a reviewer reads without code.
 * A case names the numbers it needs by fixture properties, then sends steps and states what it expects.
 */

import { ruleIds, type RuleId } from "../contract/rules.js";

export const caseFormatVersion = 1;

/** The rules a case names: the contract's one table (case.schema.json's enum is held equal to it). */
export { ruleIds, type RuleId };

/** The rules every default run must cover (S8's "none lost" is in the default suite). */
export const requiredRules: readonly RuleId[] = ruleIds;

export type CallingNameStatus = "Unassigned" | "UpdateInProgress" | "UpdateSucceeded" | "UpdateFailed";

/** What a case needs of a number, matched against the fixtures (never an id). */
export interface NumberNeed {
  /** A number the target does not hold. */
  unknown?: boolean;
  /** `US`, or `non-US` for any other country. */
  country?: "US" | "non-US";
  type?: "Local" | "TollFree";
  productType?: "VoiceConnector" | "SipMediaApplicationDialIn";
  /** The status, or any one of a list (a recording knows only "not pending" of a number it first saw updated). */
  callingNameStatus?: CallingNameStatus | CallingNameStatus[];
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

export interface CaseRequest {
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

/**
 * How a step's request is signed (group `auth`, which needs `--sign sigv4`): `valid` as every request of the run
 * is; `none`; `wrong-secret` (the right key id, another secret); `unknown-key`; `body-changed` (signed, then the
 * body replaced); `stale` (dated more than five minutes ago).
 */
export type SigningVariant = "valid" | "none" | "wrong-secret" | "unknown-key" | "body-changed" | "stale";

/**
 * Waits for the calling-name delay (group `completion`, `--calling-name-delay D`), counted from the case's last
 * CallingName update answered 200: `before-completion` until shortly before D has passed (the update must still
 * be pending: one that completes early fails), `after-completion` until shortly after.
 */
export type CompletionWait = "before-completion" | "after-completion";

export interface CaseStep {
  /** The rule a failure of this step's own expectations is reported under (default: the case's first rule). */
  rule?: RuleId;
  /** A pause before the request, in ms (throttling: the target answers again after a pause). */
  pauseMs?: number;
  wait?: CompletionWait;
  sign?: SigningVariant;
  request: CaseRequest;
  expect: StepExpect;
}

/** A request of a group, sent `afterMs` after the group starts (default at once), on a connection of its own. */
export interface TogetherRequest extends CaseRequest {
  afterMs?: number;
}

export interface GroupExpect {
  /** How many answers of each status (as a string key: `"200"`), all of them counted. */
  statuses?: Record<string, number>;
  /** At least this many answers of each status. */
  atLeast?: Record<string, number>;
  /** Every answer has one of these statuses. */
  only?: number[];
  /** The error shape each answer of that status must name. */
  errors?: Record<string, string>;
  /** The number read once every answer is in: members by JSON pointer, and pointers that must be absent. */
  after?: { number: string; members?: Record<string, unknown>; absent?: string[] };
}

/** Requests sent at once (S8): expectations on the set of answers, and on the number read afterwards. */
export interface GroupStep {
  rule?: RuleId;
  /** The requests, or, with `burst`, one request sent `--burst N` times at once (group `throttling`). */
  together?: TogetherRequest[];
  burst?: CaseRequest;
  expect: GroupExpect;
}

export type Step = CaseStep | GroupStep;

export function isGroup(step: Step): step is GroupStep {
  return "together" in step || "burst" in step;
}

export interface ConformanceCase {
  id: string;
  title: string;
  rules: RuleId[];
  tags: string[];
  numbers: Record<string, NumberNeed>;
  steps: Step[];
  /** Where the case was read from, for messages. */
  source: { file: string; line: number };
}

/** A case writes to a number when one of its steps is an update it expects to succeed. */
export function writtenNumbers(c: Pick<ConformanceCase, "steps">): Set<string> {
  const keys = new Set<string>();
  for (const step of c.steps) {
    if (isGroup(step)) {
      for (const r of step.together ?? (step.burst ? [step.burst] : []))
        if (r.method === "POST" && r.number && (step.expect.statuses?.["200"] || step.expect.atLeast?.["200"]))
          keys.add(r.number);
    } else if (step.request.method === "POST" && step.request.number && step.expect.status === 200)
      keys.add(step.request.number);
  }
  return keys;
}

/** Every request of a case's steps, a group's one by one. */
export function caseRequests(c: Pick<ConformanceCase, "steps">): CaseRequest[] {
  return c.steps.flatMap((s) => (isGroup(s) ? (s.together ?? (s.burst ? [s.burst] : [])) : [s.request]));
}

/**
 * The optional groups (DESIGN "Test selection"): a case carrying one of these tags runs only when its group is
 * named in `--tags` (`completion`: when `--calling-name-delay` is given), never by another tag it carries.
 */
export const optionalGroups = ["s8", "auth", "throttling", "completion"] as const;
export type OptionalGroup = (typeof optionalGroups)[number];
