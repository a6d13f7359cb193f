import { readFileSync } from "node:fs";
import { isRequestDetail, requestDetails } from "../../../src/contract/members.js";
import { defaultFixturesPath } from "../../../src/contract/paths.js";
import type { ServerOptions } from "../../../src/server/index.js";
import {
  editJson,
  label,
  numberOf,
  parseJson,
  streamEndlessBody,
  type Answer,
  type Fault,
  type Message,
  type ProxyContext,
} from "../../../bench/support/faulty-proxy.js";

/** A faulty implementation: the reference server with one rule broken. The runner must exit 1, citing `rule`. */
export interface FaultyTarget extends Fault {
  name: string;
  /** The rule a finding must cite; absent where the fault is on the socket (any rule of the case hit). */
  rule?: string;
  /** Extra flags for the run (where the fault is about time, or in an optional group). */
  flags?: string[];
  /** Options of the reference server behind the proxy (an optional group's mode: latency, a rate limit). */
  server?: ServerOptions;
  /** Environment of the run (credentials for `--sign sigv4`). */
  env?: Record<string, string>;
  /** The validating proxy's flags when it judges the run's traffic (what it must be told of the target). */
  proxyFlags?: string[];
  /** Why the traffic alone does not show this fault to the validating proxy (test/proxy/faulty-groups.e2e.ts). */
  unseenByProxy?: string;
  /**
   * The cases of the default run that catch it: test/runner/faulty.e2e.ts runs only these (`--case`), and each
   * must fail. The default run's other cases add time, not a finding (each entry was checked against a whole
   * default run: these cases are among those that fail there, citing the rule).
   */
  cases?: string[];
  /**
   * The cases that must fail, where not `cases` themselves: the fixture checks every run makes
   * (target-holds-fixtures, target-numbers-untouched), with `cases` there only to send the requests they judge.
   */
  caughtBy?: string[];
  /**
   * Why test/proxy/faulty.e2e.ts runs the whole default run through the proxy for this fault instead of `cases`:
   * what the narrowed run leaves the proxy to see.
   */
  wholeRunThroughProxy?: string;
}

/** Credentials the auth faults' runs sign with; the proxy in front plays the verifier, badly. */
export const authEnv = {
  AWS_ACCESS_KEY_ID: "AKIDFAULTYTABLE00001",
  AWS_SECRET_ACCESS_KEY: "faulty-table-secret-for-loopback-only",
  AWS_REGION: "us-east-1",
};
const authFlags = ["--tags", "auth", "--sign", "sigv4"];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Per number, when its first update of a burst of concurrent ones is being held back. */
const heldBack = new Map<string, Promise<unknown>>();

const known = new Set(
  (JSON.parse(readFileSync(defaultFixturesPath, "utf8")) as Array<{ E164PhoneNumber: string }>).map(
    (f) => f.E164PhoneNumber,
  ),
);
const isUpdate = (m: Message) => m.method === "POST" && m.path.startsWith("/phone-numbers/") && !m.path.includes("?");
const body = (m: Message) => parseJson(m.body) ?? {};
const read = (m: Message, c: ProxyContext) =>
  c.forward({ method: "GET", path: `/phone-numbers/${label(m.path)}`, headers: {}, body: "" });
const ok = (a: Answer) => a.status === 200;
const error = (status: number, shape: string, code: string): Answer => ({
  status,
  headers: {
    "content-type": "application/json",
    "x-amzn-errortype": shape,
    "x-amzn-requestid": `faulty-${Math.random()}`,
  },
  body: JSON.stringify({ Code: code, Message: "refused" }),
});
const withNumber = (a: Answer, edit: (n: Record<string, unknown>) => void): Answer => ({
  ...a,
  body: editJson(a.body, (v) => edit(v.PhoneNumber as Record<string, unknown>)),
});
const rewriteBody =
  (edit: (b: Record<string, unknown>) => void) =>
  (m: Message): Message => {
    const b = parseJson(m.body);
    return b && isUpdate(m) ? { ...m, body: editJson(m.body, edit) } : m;
  };

export const faultyTargets: FaultyTarget[] = [
  {
    name: "no x-amzn-ErrorType on errors",
    cases: ["W3-bad-request-envelope", "W3-not-found-envelope"],
    rule: "W3",
    response: (_m, a) => {
      const h = { ...a.headers };
      delete h["x-amzn-errortype"];
      return { ...a, headers: h };
    },
  },
  {
    name: "error Code is the shape name",
    cases: ["W3-bad-request-envelope", "W3-not-found-envelope"],
    rule: "W3",
    response: (_m, a) =>
      a.status >= 400 ? { ...a, body: editJson(a.body, (v) => (v.Code = a.headers["x-amzn-errortype"])) } : a,
  },
  {
    name: "empty error Message",
    cases: ["W3-bad-request-envelope", "W3-not-found-envelope"],
    rule: "W3",
    response: (_m, a) => (a.status >= 400 ? { ...a, body: editJson(a.body, (v) => (v.Message = "")) } : a),
  },
  {
    name: "404 instead of 400 for an invalid body to an unknown number",
    cases: ["V8-validation-before-lookup"],
    rule: "V8",
    response: (m, a) =>
      isUpdate(m) && a.status === 400 && !known.has(numberOf(m.path)) ? error(404, "NotFoundException", "NotFound") : a,
  },
  {
    name: "U+00A0 accepted between words of a Name",
    cases: ["V5-name-java-white-space"],
    rule: "V5",
    request: rewriteBody((b) => typeof b.Name === "string" && (b.Name = b.Name.replace(/\u00a0/g, " "))),
  },
  {
    name: "ProductType compared without case",
    cases: ["V6-product-type-case-sensitive"],
    rule: "V6",
    request: rewriteBody(
      (b) =>
        typeof b.ProductType === "string" &&
        b.ProductType.toLowerCase() === "voiceconnector" &&
        (b.ProductType = "VoiceConnector"),
    ),
  },
  {
    name: "VoiceConnector accepted outside the U.S.",
    cases: ["S2-voice-connector-outside-us"],
    rule: "S2",
    answer: async (m, c) =>
      isUpdate(m) && body(m).ProductType === "VoiceConnector" && numberOf(m.path).startsWith("+44")
        ? withNumber(await read(m, c), (n) => (n.ProductType = "VoiceConnector"))
        : undefined,
  },
  {
    name: 'Name "" ignored instead of removing the name',
    cases: ["S3-name-set-and-removed", "S3-name-removed-from-fixture"],
    rule: "S3",
    answer: (m, c) => (isUpdate(m) && body(m).Name === "" ? read(m, c) : undefined),
  },
  {
    name: "a second CallingName while pending is accepted",
    cases: ["S5-conflict-while-pending", "S5-conflict-on-pending-fixture"],
    rule: "S5",
    response: (m, a, c) => (a.status === 409 ? read(m, c) : a),
  },
  {
    name: "UpdatedTimestamp left unchanged by an update",
    cases: ["S6-no-other-number-changes"],
    rule: "S6",
    answer: async (m, c) => {
      if (!isUpdate(m)) return undefined;
      const before = await read(m, c);
      const after = await c.forward(m);
      return ok(after) && ok(before)
        ? withNumber(
            after,
            (n) =>
              (n.UpdatedTimestamp = (parseJson(before.body)!.PhoneNumber as Record<string, unknown>).UpdatedTimestamp),
          )
        : after;
    },
  },
  {
    name: "a Name update answered but not stored",
    cases: ["S7-read-your-writes"],
    rule: "S7",
    answer: async (m, c) => {
      const b = body(m);
      if (!isUpdate(m) || typeof b.Name !== "string" || b.Name === "" || Object.keys(b).length !== 1) return undefined;
      const before = await read(m, c);
      return ok(before)
        ? withNumber(before, (n) => {
            n.Name = b.Name;
            n.UpdatedTimestamp = new Date().toISOString();
          })
        : undefined;
    },
  },
  {
    name: "timestamps with a space for T",
    cases: ["W2-success-envelope"],
    rule: "W2",
    response: (_m, a) => (ok(a) ? { ...a, body: a.body.replace(/(\d{4}-\d{2}-\d{2})T/g, "$1 ") } : a),
  },
  {
    name: "absent members sent as null",
    cases: ["W2-success-envelope"],
    rule: "W2",
    response: (_m, a) =>
      ok(a)
        ? withNumber(a, (n) => {
            n.DeletionTimestamp ??= null;
          })
        : a,
  },
  {
    name: "PhoneNumberId returned decoded",
    cases: ["W2-success-envelope"],
    rule: "W2",
    response: (_m, a) => (ok(a) ? withNumber(a, (n) => (n.PhoneNumberId = n.E164PhoneNumber)) : a),
  },
  {
    name: "another number answered for a literal + label",
    cases: ["W1-update-by-returned-id"],
    rule: "W2",
    response: (m, a) =>
      ok(a) && label(m.path).startsWith("+")
        ? withNumber(a, (n) => {
            n.E164PhoneNumber = "+12065550100";
            n.PhoneNumberId = "%2B12065550100";
          })
        : a,
  },
  {
    name: "500 for malformed JSON",
    cases: ["V1-malformed-json"],
    rule: "V1",
    answer: (m) =>
      isUpdate(m) &&
      m.body !== "" &&
      /json/.test(m.headers["content-type"] ?? "") &&
      m.body !== "null" &&
      parseJson(m.body) === undefined &&
      !m.body.trim().startsWith("[") &&
      !/^[\d"]/.test(m.body.trim())
        ? error(500, "ServiceFailureException", "ServiceFailure")
        : undefined,
  },
  {
    name: "a charset parameter refused",
    cases: ["V1-accepted-bodies"],
    rule: "V1",
    answer: (m) =>
      isUpdate(m) && /charset/.test(m.headers["content-type"] ?? "")
        ? error(400, "BadRequestException", "BadRequest")
        : undefined,
  },
  {
    name: "unknown members refused",
    cases: ["V2-unknown-members-ignored"],
    rule: "V2",
    answer: (m) =>
      isUpdate(m) && Object.keys(body(m)).some((k) => !isRequestDetail(k))
        ? error(400, "BadRequestException", "BadRequest")
        : undefined,
  },
  {
    name: "a null detail counted as present",
    cases: ["V2-unknown-members-ignored"],
    rule: "V2",
    answer: (m) =>
      isUpdate(m) && Object.values(body(m)).includes(null) && Object.keys(body(m)).length > 1
        ? error(400, "BadRequestException", "BadRequest")
        : undefined,
  },
  {
    name: "two details accepted, the first applied",
    cases: ["V3-more-than-one-detail"],
    rule: "V3",
    request: (m) => {
      const b = body(m);
      const keys = requestDetails.filter((k) => typeof b[k] === "string");
      return isUpdate(m) && keys.length > 1 ? { ...m, body: JSON.stringify({ [keys[0]!]: b[keys[0]!] }) } : m;
    },
  },
  {
    name: "a 16-character CallingName accepted",
    cases: ["V4-calling-name-pattern"],
    rule: "V4",
    request: rewriteBody(
      (b) =>
        typeof b.CallingName === "string" &&
        b.CallingName.length === 16 &&
        (b.CallingName = b.CallingName.slice(0, 15)),
    ),
  },
  {
    name: "a 257-character Name accepted",
    cases: ["V5-name-length"],
    rule: "V5",
    request: rewriteBody((b) => typeof b.Name === "string" && b.Name.length === 257 && (b.Name = b.Name.slice(0, 256))),
  },
  {
    name: "a number as Name coerced to a string",
    cases: ["V7-wrong-json-types"],
    rule: "V7",
    request: rewriteBody((b) => typeof b.Name === "number" && (b.Name = `N${b.Name}`)),
  },
  {
    name: "a calling-name update reported as done at once",
    cases: ["S4-calling-name-pending"],
    rule: "S4",
    response: (m, a) =>
      isUpdate(m) && ok(a) && typeof body(m).CallingName === "string"
        ? withNumber(a, (n) => (n.CallingNameStatus = "UpdateSucceeded"))
        : a,
  },
  {
    name: "a calling-name removal shows an empty CallingName",
    cases: ["S4-calling-name-removed"],
    rule: "S4",
    response: (m, a) =>
      isUpdate(m) && ok(a) && body(m).CallingName === "" ? withNumber(a, (n) => (n.CallingName = "")) : a,
  },
  {
    name: "a literal + label not found",
    cases: ["W1-label-literal-plus"],
    rule: "W1",
    answer: (m) => (label(m.path).startsWith("+") ? error(404, "NotFoundException", "NotFound") : undefined),
  },
  {
    name: "the returned PhoneNumberId not decoded twice",
    cases: ["W1-label-returned-id"],
    rule: "W1",
    answer: (m) => (label(m.path).startsWith("%252B") ? error(404, "NotFoundException", "NotFound") : undefined),
  },
  {
    name: "a blank label looked up (404)",
    cases: ["W1-blank-label"],
    rule: "W1",
    answer: (m) => (/^(%20|%09)/.test(label(m.path)) ? error(404, "NotFoundException", "NotFound") : undefined),
  },
  {
    name: "an unknown number is a 400",
    cases: ["S1-unknown-number"],
    rule: "S1",
    response: (_m, a) =>
      a.status === 404 && a.headers["x-amzn-errortype"]?.startsWith("NotFound")
        ? error(400, "BadRequestException", "BadRequest")
        : a,
  },
  {
    name: "HEAD answered like GET",
    cases: ["W5-head"],
    rule: "W5",
    answer: (m, c) => (m.method === "HEAD" ? c.forward({ ...m, method: "GET" }) : undefined),
  },
  {
    name: "DELETE answered 405",
    cases: ["W5-other-methods"],
    rule: "W5",
    answer: (m) => (m.method === "DELETE" ? error(405, "MethodNotAllowedException", "MethodNotAllowed") : undefined),
  },
  {
    name: "no x-amzn-RequestId",
    cases: ["W2-success-envelope"],
    rule: "W2",
    response: (_m, a) => {
      const h = { ...a.headers };
      delete h["x-amzn-requestid"];
      return { ...a, headers: h };
    },
  },
  {
    name: "the same x-amzn-RequestId every time",
    cases: ["W2-success-envelope"],
    rule: "W2",
    response: (_m, a) => ({ ...a, headers: { ...a.headers, "x-amzn-requestid": "constant" } }),
  },
  {
    name: "success answered as text/plain",
    cases: ["W2-success-envelope"],
    rule: "W2",
    response: (_m, a) => (ok(a) ? { ...a, headers: { ...a.headers, "content-type": "text/plain" } } : a),
  },
  {
    name: "a non-JSON success body",
    cases: ["W2-success-envelope"],
    rule: "W4",
    response: (_m, a) =>
      ok(a) ? { ...a, headers: { ...a.headers, "content-type": "application/json" }, body: "<html>ok</html>" } : a,
  },
  {
    name: "an update also renames another number",
    cases: ["S7-read-your-writes"],
    caughtBy: ["target-numbers-untouched"],
    rule: "S6",
    response: async (m, a, c) => {
      if (isUpdate(m) && ok(a) && typeof body(m).Name === "string")
        await c.forward({ ...m, path: "/phone-numbers/%2B18005550120" });
      return a;
    },
  },
  {
    name: "stops answering after ten requests",
    cases: ["W1-label-literal-plus"],
    flags: ["--timeout", "300ms"],
    raw: (() => {
      let count = 0;
      return () => ++count > 10;
    })(),
  },
  {
    name: "an endless body",
    cases: ["W2-success-envelope"],
    wholeRunThroughProxy:
      "run on its one case, the proxy is stopped before any endless answer has ended (0 exchanges judged); in the whole run they end while later requests go on",
    raw: (req, res) => {
      if (req.method !== "GET") return false;
      streamEndlessBody(res, `r${Math.random()}`);
      return true;
    },
  },
  {
    name: "connections reset on updates",
    cases: ["V1-accepted-bodies"],
    raw: (req) => {
      if (req.method !== "POST") return false;
      req.socket.destroy();
      return true;
    },
  },
  {
    name: "concurrent updates lose one (a read-modify-write on a stale read)",
    cases: ["S8-none-lost"],
    rule: "S8",
    answer: async (m, c) => {
      const b = body(m);
      if (!isUpdate(m) || typeof b.CallingName === "string") return undefined;
      const before = await read(m, c);
      await sleep(60);
      const after = await c.forward(m);
      if (!ok(before) || !ok(after)) return after;
      // Writes back what it read of the details this update did not send: a concurrent update is lost.
      const was = parseJson(before.body)!.PhoneNumber as Record<string, unknown>;
      const now = parseJson((await read(m, c)).body)!.PhoneNumber as Record<string, unknown>;
      for (const member of ["Name", "ProductType"])
        if (!(member in b) && now[member] !== was[member])
          await c.forward({ ...m, body: JSON.stringify({ [member]: was[member] ?? "" }) });
      return after;
    },
  },
  {
    name: "a fixture number unknown to the target (404)",
    cases: ["W1-label-literal-plus"],
    caughtBy: ["target-holds-fixtures"],
    rule: "W2",
    answer: (m) => (numberOf(m.path) === "+18005550120" ? error(404, "NotFoundException", "NotFound") : undefined),
  },
];

/** Broken implementations only an optional group (s8, throttling, auth, completion) can catch. */
export const groupFaultyTargets: FaultyTarget[] = [
  {
    name: "an identical update in flight applied twice (no 409)",
    rule: "S8",
    unseenByProxy: "an identical update in flight is a 409 only where the target simulates processing time (S8)",
    server: { latencyMs: 300 },
    flags: ["--tags", "s8"],
    answer: async (m, c) => {
      if (!isUpdate(m)) return undefined;
      const first = await c.forward(m);
      if (first.status !== 409) return first;
      await sleep(350);
      return c.forward(m);
    },
  },
  {
    name: "a later update applied before an earlier one",
    rule: "S8",
    unseenByProxy: "which of two updates in flight reached the target first is not in the traffic",
    server: { latencyMs: 300 },
    flags: ["--tags", "s8"],
    answer: async (m, c) => {
      if (!isUpdate(m)) return undefined;
      const n = numberOf(m.path);
      const earlier = heldBack.get(n);
      if (earlier) return c.forward(m);
      // The first update to a number waits, and one that arrives meanwhile overtakes it.
      const held = sleep(400);
      heldBack.set(n, held);
      await held;
      heldBack.delete(n);
      return c.forward(m);
    },
  },
  {
    name: "throttled with a bare 429",
    rule: "W3",
    server: { rateLimit: 5 },
    flags: ["--tags", "throttling"],
    response: (_m, a) =>
      a.status === 429
        ? {
            status: 429,
            headers: { "content-type": "text/plain", "x-amzn-requestid": `r${Math.random()}` },
            body: "Too Many Requests",
          }
        : a,
  },
  {
    name: "a burst answered 503",
    rule: "W3",
    unseenByProxy: "a 503 in the documented envelope is a lawful answer; only the runner knows it sent a burst",
    server: { rateLimit: 5 },
    flags: ["--tags", "throttling"],
    response: (_m, a) => (a.status === 429 ? error(503, "ServiceUnavailableException", "ServiceUnavailable") : a),
  },
  {
    name: "only a missing signature refused (any signature let in)",
    rule: "W3",
    unseenByProxy: "signatures are verified with keys the proxy does not hold",
    flags: authFlags,
    env: authEnv,
    answer: (m) =>
      m.headers.authorization === undefined ? error(401, "UnauthorizedClientException", "Unauthorized") : undefined,
  },
  {
    name: "a bad signature answered 403 ForbiddenException",
    rule: "W3",
    unseenByProxy: "signatures are verified with keys the proxy does not hold",
    flags: authFlags,
    env: authEnv,
    answer: (m) => {
      const auth = m.headers.authorization ?? "";
      const fresh =
        Math.abs(
          Date.now() -
            Date.parse(
              (m.headers["x-amz-date"] ?? "").replace(
                /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/,
                "$1-$2-$3T$4:$5:$6Z",
              ),
            ),
        ) < 300_000;
      const known = auth.includes(`Credential=${authEnv.AWS_ACCESS_KEY_ID}/`);
      return known && fresh ? undefined : error(403, "ForbiddenException", "Forbidden");
    },
  },
  {
    name: "a calling-name update that never completes (the target's delay is not the one it declares)",
    rule: "S4",
    proxyFlags: ["--calling-name-delay", "1s"],
    flags: ["--calling-name-delay", "1s", "--case", "completion-*"],
  },
  {
    name: "a calling-name update that completes early",
    rule: "S4",
    proxyFlags: ["--calling-name-delay", "1500ms"],
    server: { callingNameDelayMs: 300 },
    flags: ["--calling-name-delay", "1500ms", "--case", "completion-*"],
  },
];
