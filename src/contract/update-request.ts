import type { ErrorObject } from "ajv";
import { mediaTypeEssence, type Validator } from "./contract.js";
import { detailRules, isRequestDetail, requestDetails, type DetailUpdate } from "./members.js";
import type { RuleId } from "./rules.js";

/** The one detail an UpdatePhoneNumber asks for, after validation, with `null` members gone (V2). */
export type PhoneNumberUpdate = DetailUpdate;

/**
 * A refusal names the rule that refuses the body (the server answers its message; the proxy judges by its rule).
 * An accepted body comes with the object it parsed to, for a judge that weighs what else it held (V2).
 */
export type UpdateOutcome =
  | { ok: true; update: PhoneNumberUpdate; parsed: Readonly<Record<string, unknown>> }
  | { ok: false; rule: RuleId; message: string };

export const bodyLimitBytes = 64 * 1024;
/** V3's list, for its message, joined once. */
const detailList = requestDetails.join(", ");

/**
 * The request rules of an UpdatePhoneNumber body, one implementation for the reference server and the validating
 * proxy. V1-V7 in order: the body is JSON (by content type and by syntax), an object, and valid against the
 * document's request schema. Only the three known members are ever read from the parsed value, so
 * unknown members, `__proto__` and `constructor` included, are ignored without being copied anywhere (V2).
 */
export function parseUpdateRequest(
  contentType: string | undefined,
  /** The bytes as received (the server), or their text as kept (a judge: it need not be encoded again). */
  body: Buffer | string | undefined,
  validate: Validator,
): UpdateOutcome {
  let value: unknown = {};
  if (body !== undefined && body.length > 0) {
    // The exact value every client sends skips splitting and lower-casing it.
    if (
      contentType !== "application/json" &&
      (contentType === undefined || mediaTypeEssence(contentType) !== "application/json")
    ) {
      return {
        ok: false,
        rule: "V1",
        message: `Content-Type: the body must be application/json, got ${contentType === undefined ? "none" : `'${mediaTypeEssence(contentType)}'`}`,
      };
    }
    const bytes = typeof body === "string" ? Buffer.byteLength(body) : body.length;
    if (bytes > bodyLimitBytes) return { ok: false, rule: "V1", message: `body: larger than ${bodyLimitBytes} bytes` };
    try {
      value = JSON.parse(typeof body === "string" ? body : body.toString("utf8"));
    } catch {
      return { ok: false, rule: "V1", message: "body: not valid JSON" };
    }
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return {
      ok: false,
      rule: "V1",
      message: `body: must be a JSON object, got ${value === null ? "null" : Array.isArray(value) ? "an array" : typeof value}`,
    };
  }
  const outcome = validate(value);
  if (!outcome.valid) return { ok: false, ...describe(outcome.errors, value) };
  const given = value as Record<string, unknown>;
  for (const member of requestDetails) {
    const v = Object.hasOwn(given, member) ? given[member] : null;
    if (typeof v === "string") return { ok: true, update: { member, value: v } as PhoneNumberUpdate, parsed: given };
  }
  return { ok: false, rule: "V3", message: v3Message([]) };
}

/**
 * A 400's message names the offending member (W3): a member's own error first (V7 for a wrong JSON type, else
 * the member's own rule), else the V3 rule.
 */
function describe(errors: readonly ErrorObject[], body: object): { rule: RuleId; message: string } {
  // Errors under `#/oneOf/...` only restate, branch by branch, which detail is missing or null.
  const own = errors.find((e) => e.instancePath !== "" && !e.schemaPath.startsWith("#/oneOf"));
  if (own) {
    const member = own.instancePath.slice(1).split("/")[0] ?? "";
    const rule = own.keyword === "type" ? "V7" : isRequestDetail(member) ? detailRules[member].validation : "V3";
    return { rule, message: `${member}: ${memberMessage(own)}` };
  }
  const given = requestDetails.filter((m) => Object.hasOwn(body, m) && (body as Record<string, unknown>)[m] !== null);
  return { rule: "V3", message: v3Message(given) };
}

function memberMessage(error: ErrorObject): string {
  switch (error.keyword) {
    case "type":
      return "must be a string";
    case "pattern":
      return `must match the pattern ${String(error.params.pattern)}`;
    case "enum":
      return `must be one of ${(error.params.allowedValues as unknown[]).filter((v) => v !== null).join(", ")}`;
    case "maxLength":
      return `must be at most ${String(error.params.limit)} characters long`;
    default:
      return error.message ?? "is invalid";
  }
}

function v3Message(given: readonly string[]): string {
  const got = given.length === 0 ? "none was given" : `got ${given.join(", ")}`;
  return `body: exactly one of ${detailList} must be given (one phone number detail at a time); ${got}`;
}
