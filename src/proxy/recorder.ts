import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { stringify } from "yaml";
import { errorByShape, shapeFromErrorTypeHeader } from "../contract/errors.js";
import type { PhoneNumber } from "../fixtures/fixtures.js";
import { detailRules } from "../contract/members.js";
import type { CaseRequest, CaseStep, NumberNeed, RuleId, StepExpect } from "../cases/case.js";
import { caseFormatVersion, ruleIds } from "../cases/case.js";
import { answeredNumber, isObject, jsonBody } from "../judge/checks/check.js";
import { nestingDepth, writtenJsonDepth } from "../judge/json-depth.js";
import { pointerOf, walkJson } from "../judge/json-walk.js";
import type { JudgedExchange } from "./judge.js";

/** Members that differ between implementations and runs for the same behaviour: left out of expectations. */
const unstable = new Set([
  "PhoneNumberId",
  "E164PhoneNumber",
  "CreatedTimestamp",
  "UpdatedTimestamp",
  "DeletionTimestamp",
  "OrderId",
]);
// The details a number may lack (ProductType it always has): their absence is part of what was observed.
const details = ["Name", "CallingName"] as const;

interface NumberSeen {
  key: string;
  /** The first 200 answer for it, and the detail that exchange set (its other members are what it held: S6). */
  first?: { number: PhoneNumber; set?: string };
  notFound: boolean;
}

/** What the number held, by the properties the picker matches on, as far as the first answer shows. */
function needOf(seen: NumberSeen): NumberNeed {
  if (!seen.first) return seen.notFound ? { unknown: true } : {};
  const { number: n, set } = seen.first;
  const need: NumberNeed = {};
  if (n.Country) need.country = n.Country === "US" ? "US" : "non-US";
  if (n.Type === "Local" || n.Type === "TollFree") need.type = n.Type;
  if (set !== "ProductType" && (n.ProductType === "VoiceConnector" || n.ProductType === "SipMediaApplicationDialIn"))
    need.productType = n.ProductType;
  if (set !== "CallingName" && n.CallingNameStatus)
    need.callingNameStatus = n.CallingNameStatus as NumberNeed["callingNameStatus"];
  if (set !== "Name") need.name = n.Name ? "present" : "absent";
  if (set !== "CallingName") need.callingName = n.CallingName ? "present" : "absent";
  return need;
}

/**
 * Every leaf of the number by JSON pointer, but for the members that differ between runs, and timestamps wherever
 * they are nested (an association's time, say). Walked without recursion: a target's answer may nest as deep as
 * the judge reads.
 */
function leaves(number: PhoneNumber): Record<string, unknown> {
  const into: Record<string, unknown> = {};
  walkJson(
    number,
    (value, parent, key) => {
      if (key === undefined) return true;
      if (typeof key === "string" && (parent === "/PhoneNumber" ? unstable.has(key) : key.endsWith("Timestamp")))
        return false;
      if (value === null || typeof value !== "object") into[pointerOf(parent, key)] = value;
      return true;
    },
    "/PhoneNumber",
  );
  return into;
}

/** The body as JSON when it nests no deeper than `writtenJsonDepth`: a deeper one (or malformed) is recorded as its text. */
function shallowJson(text: string): unknown {
  if (nestingDepth(text, writtenJsonDepth) > writtenJsonDepth) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function labelForm(label: string, e164: string): CaseRequest["labelForm"] | undefined {
  if (label === encodeURIComponent(e164)) return "encoded";
  if (label === e164) return "plus";
  if (label === encodeURIComponent(encodeURIComponent(e164))) return "id";
  return undefined;
}

/** The rule a step is about: what a finding cited, else what the request and its answer exercise. */
function stepRule(j: JudgedExchange, status: number): RuleId {
  if (j.findings[0]) return j.findings[0].rule;
  if (!j.verdict.operation) return "W5";
  if (j.verdict.refused) return j.verdict.refused.rule;
  if (status === 404) return "S1";
  if (status === 200 && j.verdict.detail) return detailRules[j.verdict.detail.member].update;
  if (status === 400 && j.verdict.detail?.value === "VoiceConnector") return "S2";
  return j.verdict.acceptedUnder ?? "W2";
}

/**
 * `--record DIR`: the traffic as one case in the case format. Each exchange is a step whose expectation is the
 * answer observed (status, error shape, the members answered but for timestamps and ids); the numbers are
 * described by their properties, so that `test --cases DIR` replays it against another implementation.
 */
export class Recorder {
  private readonly steps: CaseStep[] = [];
  private readonly numbers = new Map<string, NumberSeen>();
  private readonly rules = new Set<RuleId>();
  private readonly started = new Date();

  constructor(readonly dir: string) {}

  add(j: JudgedExchange): void {
    if (j.path.startsWith("/_control/") || !j.exchange.response || j.exchange.failure) return;
    const { request, response } = j.exchange;
    const [route = "", query] = j.path.split(/\?(.*)/s);
    const r: CaseRequest = { method: request.method as CaseRequest["method"] };
    const e164 = j.verdict.operation ? j.verdict.addressed : undefined;
    const label = route.slice("/phone-numbers/".length);
    const form = e164 !== undefined ? labelForm(label, e164) : undefined;
    if (e164 !== undefined && form) {
      let seen = this.numbers.get(e164);
      if (!seen) {
        seen = { key: `number${this.numbers.size + 1}`, notFound: false };
        this.numbers.set(e164, seen);
      }
      r.number = seen.key;
      if (form !== "encoded") r.labelForm = form;
      const answered = response.status === 200 ? answeredNumber(jsonBody(j)) : undefined;
      if (answered && !seen.first)
        seen.first = { number: answered, ...(j.verdict.detail ? { set: j.verdict.detail.member } : {}) };
      if (response.status === 404) seen.notFound = true;
    } else if (j.verdict.operation) r.label = label;
    else r.path = route;
    if (query !== undefined && (r.label !== undefined || r.number !== undefined)) r.query = query;
    else if (query !== undefined) r.path = `${route}?${query}`;
    if (request.body !== undefined && request.body !== "") {
      const contentType = request.headers["content-type"];
      const json = contentType === "application/json" ? shallowJson(request.body) : undefined;
      if (json !== undefined && JSON.stringify(json) === request.body) r.json = json;
      else {
        r.body = request.body;
        if (contentType !== undefined) r.headers = { "content-type": contentType };
      }
    }
    const expect: StepExpect = { status: response.status, readBack: "none" };
    const shapeHeader = response.headers["x-amzn-errortype"];
    const shape = shapeHeader ? errorByShape(shapeFromErrorTypeHeader(shapeHeader)) : undefined;
    if (shape && shape.status === response.status) expect.error = shape.shape;
    const body = jsonBody(j);
    const number = response.status === 200 ? answeredNumber(body) : undefined;
    if (number) {
      expect.members = leaves(number);
      const absent = details.filter((d) => !(d in number)).map((d) => `/PhoneNumber/${d}`);
      if (absent.length) expect.absent = absent;
    } else if (isObject(body) && response.status >= 400 && typeof body.Code === "string") {
      expect.members = { "/Code": body.Code };
    }
    const rule = stepRule(j, response.status);
    this.rules.add(rule);
    this.steps.push({ rule, request: r, expect });
  }

  /** Writes the case file; the path written, or undefined when no exchange was recorded. */
  async write(): Promise<string | undefined> {
    if (!this.steps.length) return undefined;
    const stamp = this.started.toISOString().replace(/[:.]/g, "-");
    const numbers: Record<string, NumberNeed> = {};
    for (const seen of this.numbers.values()) numbers[seen.key] = needOf(seen);
    const file = {
      version: caseFormatVersion,
      cases: [
        {
          id: `recorded-${stamp}`,
          title: `Traffic recorded through the proxy at ${this.started.toISOString()}`,
          rules: ruleIds.filter((r) => this.rules.has(r)),
          tags: ["recorded"],
          numbers,
          steps: this.steps,
        },
      ],
    };
    await mkdir(this.dir, { recursive: true });
    const path = join(this.dir, `recorded-${stamp}.yaml`);
    await writeFile(
      path,
      `# Recorded by chime-voice-contract proxy: each exchange a step, its answer the expectation.\n${stringify(file, { lineWidth: 0 })}`,
    );
    return path;
  }
}
