import type { OperationId } from "../contract/contract.js";
import type { CaseRequest, RepeatedBody } from "../cases/case.js";
import type { SentRequest } from "../judge/exchange.js";
import { targetRequest } from "../http/request.js";
import { operationOf } from "../judge/operation.js";
import type { PickedNumber } from "./picker.js";

/** The E.164 number a picked number stands for. */
export function e164Of(picked: PickedNumber): string {
  return picked.kind === "fixture" ? picked.fixture.E164PhoneNumber : picked.e164;
}

/** The label as written in the path for a picked number (W1's three spellings). */
export function labelOf(picked: PickedNumber, form: "encoded" | "plus" | "id" = "encoded"): string {
  const e164 = e164Of(picked);
  if (form === "plus") return e164;
  if (form === "id")
    return encodeURIComponent(picked.kind === "fixture" ? picked.fixture.PhoneNumberId : encodeURIComponent(e164));
  return encodeURIComponent(e164);
}

function repeatBody(body: RepeatedBody): string {
  return `${body.prefix ?? ""}${body.repeat.repeat(body.times)}${body.suffix ?? ""}`;
}

/** Turns a case's request into the request sent to the target. */
export function buildRequest(target: string, r: CaseRequest, numbers: ReadonlyMap<string, PickedNumber>): SentRequest {
  let path: string;
  if (r.path !== undefined) path = r.path;
  else if (r.label !== undefined) path = `/phone-numbers/${r.label}`;
  else path = `/phone-numbers/${labelOf(numbers.get(r.number!)!, r.labelForm)}`;
  if (r.query !== undefined) path += `?${r.query}`;
  const headers: Record<string, string> = {};
  let body: string | undefined;
  if (r.json !== undefined) {
    body = JSON.stringify(r.json);
    headers["content-type"] = "application/json";
  } else if (r.body !== undefined) {
    body = typeof r.body === "string" ? r.body : repeatBody(r.body);
  }
  for (const [name, value] of Object.entries(r.headers ?? {})) headers[name.toLowerCase()] = value;
  return targetRequest(target, r.method, path, headers, body);
}

/** The operation a request sent to the target is (its path taken relative to the target's base URL). */
export function requestOperation(target: string, request: SentRequest): OperationId | undefined {
  const prefix = new URL(target).pathname.replace(/\/+$/, "");
  return operationOf(request.method, request.path.slice(prefix.length));
}
