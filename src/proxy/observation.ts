import type { CaseRequest } from "../cases/case.js";
import { errorByShape, shapeFromErrorTypeHeader } from "../contract/errors.js";
import { detailRules, type DetailUpdate } from "../contract/members.js";
import type { RuleId } from "../contract/rules.js";
import { e164Pattern, type PhoneNumber } from "../fixtures/fixtures.js";
import { isObject, jsonBody, numberAnswered } from "../judge/checks/check.js";
import { nestingDepth, writtenJsonDepth } from "../judge/json-depth.js";
import type { JudgedExchange } from "./judge.js";

/** An error Code longer than any the service names is not an expectation worth writing down. */
const maxCode = 256;
const methods: ReadonlySet<string> = new Set(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]);

/**
 * Where a recorded request went: a number, which the case names by a key and describes by its properties; a raw
 * label, for a label that addresses no number (blank, U+00A0, not E.164) or spells one as no case can; a raw path,
 * for a request outside the contract's operations.
 */
export type Addressed =
  | { kind: "number"; e164: string; form: NonNullable<CaseRequest["labelForm"]> }
  | { kind: "label"; label: string }
  | { kind: "path"; path: string };

/** What the recorder keeps of one exchange: enough to write its step, describe its number and write its fixture. */
export interface Observation {
  method: CaseRequest["method"];
  to: Addressed;
  query?: string;
  /** The body, as the case will send it: JSON where it was exactly that, else text with its content type. */
  json?: unknown;
  body?: string;
  contentType?: string;
  status: number;
  /** The error shape `x-amzn-ErrorType` named, where it is the shape of the status answered. */
  error?: string;
  /** The error body's Code. */
  code?: string;
  /** The number a 200 answered, when it is the number addressed. */
  answered?: PhoneNumber;
  /** The answer nests deeper than a fixtures file holds (`writtenJsonDepth`): it describes the number, but is no fixture. */
  deep?: true;
  /** The answer was judged without a finding: fit to be a fixture. */
  clean: boolean;
  /** The detail an update the contract accepts sets. */
  detail?: DetailUpdate;
  /** The request is one the contract refuses (W1, V1-V7). */
  refused: boolean;
  rule: RuleId;
  /** When the proxy sent the request on, and when the exchange ended (ms since the epoch). */
  startedAt: number;
  endedAt: number;
}

const flat = (json: unknown): boolean =>
  isObject(json) && Object.values(json).every((v) => v === null || typeof v !== "object");

function labelForm(label: string, number: string): CaseRequest["labelForm"] | undefined {
  if (label === encodeURIComponent(number)) return "encoded";
  if (label === number) return "plus";
  if (label === encodeURIComponent(encodeURIComponent(number))) return "id";
  return undefined;
}

function addressed(j: JudgedExchange, route: string): Addressed {
  if (!j.verdict.operation) return { kind: "path", path: route };
  const label = route.slice("/phone-numbers/".length);
  const number = j.verdict.addressed;
  const form = number !== undefined && e164Pattern.test(number) ? labelForm(label, number) : undefined;
  return number !== undefined && form ? { kind: "number", e164: number, form } : { kind: "label", label };
}

/** The rule a step is about: what a finding cited, else what the request and its answer exercise. */
function stepRule(j: JudgedExchange, status: number): RuleId {
  if (j.findings[0]) return j.findings[0].rule;
  if (!j.verdict.operation) return "W5";
  if (j.verdict.refused) return j.verdict.refused.rule;
  if (status === 404) return "S1";
  // A conflict: a calling name already pending (S5), or the same update already in flight (S8).
  if (status === 409) return j.verdict.detail?.member === "CallingName" ? "S5" : "S8";
  if (status === 200 && j.verdict.detail) return detailRules[j.verdict.detail.member].update;
  if (status === 400 && j.verdict.detail?.value === "VoiceConnector") return "S2";
  return j.verdict.acceptedUnder ?? "W2";
}

/**
 * The body as a case sends it: `json` when the client sent exactly that JSON and it is an object of scalars, as
 * every body the contract takes is; any other is the text as sent (byte for byte, and never a value nested deeper
 * than the YAML writer can write).
 */
function recordedBody(j: JudgedExchange): Pick<Observation, "json" | "body" | "contentType"> {
  const { body, headers } = j.exchange.request;
  if (body === undefined || body === "") return {};
  const contentType = headers["content-type"];
  // A body nested deeper than the YAML writer writes is kept as text, and never parsed.
  if (
    contentType === "application/json" &&
    !j.exchange.request.bodyOmitted &&
    nestingDepth(body, writtenJsonDepth) <= writtenJsonDepth
  ) {
    try {
      const json: unknown = JSON.parse(body);
      if (flat(json) && JSON.stringify(json) === body) return { json };
    } catch {
      // Not JSON: sent as text below.
    }
  }
  return { body, ...(contentType !== undefined ? { contentType } : {}) };
}

/** The exchange as the recorder keeps it; undefined for what a case cannot replay (no answer, the control paths). */
export function observe(j: JudgedExchange, endedAt: number): Observation | undefined {
  const { request, response } = j.exchange;
  if (j.path.startsWith("/_control/") || !response || j.exchange.failure || !methods.has(request.method))
    return undefined;
  const [route = "", query] = j.path.split(/\?(.*)/s);
  const to = addressed(j, route);
  const shapeHeader = response.headers["x-amzn-errortype"];
  const shape = shapeHeader ? errorByShape(shapeFromErrorTypeHeader(shapeHeader)) : undefined;
  const body = jsonBody(j);
  const answered = to.kind === "number" ? numberAnswered(j.exchange, to.e164) : undefined;
  return {
    method: request.method as CaseRequest["method"],
    to,
    // A query on a raw path stays in the path; on a label or number it is the case's own `query`.
    ...(query !== undefined && to.kind !== "path" ? { query } : {}),
    ...(query !== undefined && to.kind === "path" ? { to: { kind: "path", path: `${route}?${query}` } } : {}),
    ...recordedBody(j),
    status: response.status,
    ...(shape && shape.status === response.status ? { error: shape.shape } : {}),
    ...(response.status >= 400 && isObject(body) && typeof body.Code === "string" && body.Code.length <= maxCode
      ? { code: body.Code }
      : {}),
    ...(answered ? { answered } : {}),
    ...(answered && nestingDepth(response.text, writtenJsonDepth) > writtenJsonDepth ? { deep: true as const } : {}),
    clean: j.findings.length === 0,
    ...(j.verdict.detail && !j.verdict.refused ? { detail: j.verdict.detail } : {}),
    refused: j.verdict.refused !== undefined,
    rule: stepRule(j, response.status),
    startedAt: j.exchange.sentAt ?? endedAt - j.exchange.durationMs,
    endedAt,
  };
}
