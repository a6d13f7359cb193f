import type { CaseStep, RepeatedBody } from "./case.js";
import type { SentRequest } from "./exchange.js";
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

/** Turns a step into the request sent to the target; the base URL's own path is kept as a prefix. */
export function buildRequest(target: string, step: CaseStep, numbers: ReadonlyMap<string, PickedNumber>): SentRequest {
  const r = step.request;
  const base = new URL(target);
  const prefix = base.pathname.replace(/\/+$/, "");
  let path: string;
  if (r.path !== undefined) path = r.path;
  else if (r.label !== undefined) path = `/phone-numbers/${r.label}`;
  else path = `/phone-numbers/${labelOf(numbers.get(r.number!)!, r.labelForm)}`;
  path = `${prefix}${path}${r.query !== undefined ? `?${r.query}` : ""}`;
  const headers: Record<string, string> = {};
  let body: string | undefined;
  if (r.json !== undefined) {
    body = JSON.stringify(r.json);
    headers["content-type"] = "application/json";
  } else if (r.body !== undefined) {
    body = typeof r.body === "string" ? r.body : repeatBody(r.body);
  }
  for (const [name, value] of Object.entries(r.headers ?? {})) headers[name.toLowerCase()] = value;
  return { method: r.method, url: `${base.origin}${path}`, path, headers, ...(body !== undefined ? { body } : {}) };
}

/** A GetPhoneNumber for a picked number: the read-back after a step. */
export function readBackRequest(target: string, picked: PickedNumber): SentRequest {
  const base = new URL(target);
  const path = `${base.pathname.replace(/\/+$/, "")}/phone-numbers/${labelOf(picked)}`;
  return { method: "GET", url: `${base.origin}${path}`, path, headers: {} };
}
