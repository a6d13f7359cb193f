import type { Contract, OperationId } from "../contract/contract.js";
import { mediaTypeEssence } from "../contract/contract.js";
import type { RuleId } from "../runner/case.js";
import { isObject } from "../runner/checks/check.js";
import type { SentRequest } from "../runner/exchange.js";
import { operationOf } from "../runner/operation.js";

/** What the contract says of a request on its own, before any answer: the rule that refuses it, or none. */
export interface RequestVerdict {
  operation?: OperationId;
  /** The E.164 number the label addresses (W1: decoded once, and again when it still starts with `%2B`). */
  addressed?: string;
  /** The label is spelled otherwise than the SDKs spell it (`+...`, or a PhoneNumberId passed back). */
  altLabel?: boolean;
  refused?: { rule: RuleId; why: string };
  /** For an accepted request: the rule under which the contract accepts it (what a 400 for it breaks). */
  acceptedUnder?: RuleId;
  /** The one detail an accepted update sets. */
  detail?: { member: "CallingName" | "Name" | "ProductType"; value: string };
}

const bodyLimitBytes = 64 * 1024;
const details = ["CallingName", "Name", "ProductType"] as const;
const memberRule: Record<string, RuleId> = { CallingName: "V4", Name: "V5", ProductType: "V6" };

function decodeLabel(raw: string): string | undefined {
  try {
    let label = decodeURIComponent(raw);
    if (label.startsWith("%2B")) label = decodeURIComponent(label);
    return label;
  } catch {
    return undefined;
  }
}

/** DESIGN "The contract, rule by rule", W1 and V1-V8, for one request as the client sent it. */
export function judgeRequest(contract: Contract, request: SentRequest, path: string): RequestVerdict {
  const operation = operationOf(request.method, path);
  if (!operation) return {};
  const rawLabel = path.split("?")[0]!.slice("/phone-numbers/".length);
  const addressed = decodeLabel(rawLabel);
  const base: RequestVerdict = {
    operation,
    ...(addressed !== undefined ? { addressed } : {}),
    altLabel: !rawLabel.startsWith("%2B"),
  };
  if (addressed === undefined || !contract.operation(operation).label(addressed).valid)
    return { ...base, refused: { rule: "W1", why: "the label is empty or blank" } };
  if (operation === "GetPhoneNumber") return { ...base, acceptedUnder: "W1" };
  return { ...base, ...judgeBody(contract, request) };
}

function judgeBody(contract: Contract, request: SentRequest): Partial<RequestVerdict> {
  const text = request.body ?? "";
  const contentType = request.headers["content-type"];
  const refused = (rule: RuleId, why: string) => ({ refused: { rule, why } });
  let value: unknown = {};
  if (text !== "") {
    if (contentType === undefined || mediaTypeEssence(contentType) !== "application/json")
      return refused("V1", `the body's Content-Type is ${contentType === undefined ? "absent" : `'${contentType}'`}`);
    if (Buffer.byteLength(text) > bodyLimitBytes) return refused("V1", `the body is over ${bodyLimitBytes} bytes`);
    try {
      value = JSON.parse(text);
    } catch {
      return refused("V1", "the body is not JSON");
    }
  }
  if (!isObject(value)) return refused("V1", "the body is not a JSON object");
  const outcome = contract.requestValidator("UpdatePhoneNumber")(value);
  if (!outcome.valid) {
    const own = outcome.errors.find((e) => e.instancePath !== "" && !e.schemaPath.startsWith("#/oneOf"));
    if (own) {
      const member = own.instancePath.slice(1).split("/")[0] ?? "";
      const rule = own.keyword === "type" ? "V7" : (memberRule[member] ?? "V3");
      return refused(rule, `${member} ${own.message ?? "is invalid"}`);
    }
    return refused("V3", "the body does not set exactly one of CallingName, Name, ProductType");
  }
  const given = details.filter((d) => value[d] !== undefined && value[d] !== null);
  const member = given[0]!;
  const detail = { member, value: value[member] as string };
  // What the request leans on: a 400 for it breaks the rule that lets it through.
  const lenient = contentType?.includes(";")
    ? "V1"
    : text === "" || Object.keys(value).some((k) => !details.includes(k as never) || value[k] === null)
      ? "V2"
      : memberRule[member]!;
  return { acceptedUnder: lenient, detail };
}
