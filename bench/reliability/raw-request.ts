// A raw HTTP/1.1 request as parts (method, target, version, headers, framing, body) that fast-check can
// generate and shrink, its bytes, and how many answers HTTP says the server owes for them.
import fc from "fast-check";

export type Framing =
  /** No Content-Length, no Transfer-Encoding: no body is sent. */
  | { kind: "none" }
  /** `Content-Length: body.length + delta`: 0 tells the truth; below 0 the rest of the body is a next request; above 0 the body never completes. */
  | { kind: "length"; delta: number }
  /** A Content-Length that is not one number. */
  | { kind: "length-text"; value: string }
  /** `Transfer-Encoding: chunked`, the body cut in chunks of these sizes, with or without its last chunk; `badSize` replaces the first size line. */
  | { kind: "chunked"; sizes: number[]; terminated: boolean; badSize?: string }
  /** Another transfer coding, or a list of them. */
  | { kind: "transfer-encoding"; value: string }
  /** Both Content-Length and chunked (request smuggling's favourite). */
  | { kind: "length-and-chunked" };

export interface RawRequest {
  method: string;
  target: string;
  version: string;
  /** Header lines as sent (latin1), before the framing headers. */
  headers: Array<[string, string]>;
  framing: Framing;
  body: Uint8Array;
}

const latin1 = (bytes: Uint8Array): string => Buffer.from(bytes).toString("latin1");
const crlf = "\r\n";

/** The request's bytes, exactly as written to the socket. */
export function requestBytes(request: RawRequest): Buffer {
  const { framing } = request;
  const body = Buffer.from(request.body);
  const lines = [
    `${request.method} ${request.target} ${request.version}`,
    ...request.headers.map(([name, value]) => `${name}: ${value}`),
  ];
  let payload: Buffer = Buffer.alloc(0);
  switch (framing.kind) {
    case "none":
      break;
    case "length":
      lines.push(`Content-Length: ${Math.max(0, body.length + framing.delta)}`);
      payload = body;
      break;
    case "length-text":
      lines.push(`Content-Length: ${framing.value}`);
      payload = body;
      break;
    case "chunked":
      lines.push("Transfer-Encoding: chunked");
      payload = chunked(body, framing);
      break;
    case "transfer-encoding":
      lines.push(`Transfer-Encoding: ${framing.value}`);
      payload = body;
      break;
    case "length-and-chunked":
      lines.push(`Content-Length: ${body.length}`, "Transfer-Encoding: chunked");
      payload = chunked(body, { sizes: [body.length], terminated: true });
      break;
  }
  return Buffer.concat([Buffer.from(lines.join(crlf) + crlf + crlf, "latin1"), payload]);
}

function chunked(body: Buffer, framing: { sizes: number[]; terminated: boolean; badSize?: string }): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (const [i, size] of [...framing.sizes, body.length].entries()) {
    const chunk = body.subarray(at, Math.min(body.length, at + size));
    at += chunk.length;
    if (chunk.length === 0) continue;
    const sizeLine = i === 0 && framing.badSize !== undefined ? framing.badSize : chunk.length.toString(16);
    parts.push(Buffer.from(sizeLine + crlf, "latin1"), chunk, Buffer.from(crlf));
  }
  if (framing.terminated) parts.push(Buffer.from(`0${crlf}${crlf}`));
  return Buffer.concat(parts);
}

/**
 * How many answers the server owes before the client may stop sending: 1 when the bytes hold one whole
 * request by HTTP's framing (RFC 9112 section 6), else 0. Owed means: a server that closes the connection
 * without answering a whole request breaks HTTP (RFC 9112 section 9.3: every request gets a response, in order).
 * Owed 0 covers the cases where HTTP allows a close without an answer, because the server cannot know where
 * the request ends: a body shorter than its Content-Length or a chunked body without its last chunk (the
 * client then half-closes: RFC 9112 section 8, an incomplete message MAY be answered before the close), and
 * framing HTTP leaves to the server's judgement (a Content-Length that is not a number, a transfer coding
 * other than chunked, both Content-Length and Transfer-Encoding: section 6.3 says reject and close), and
 * CR or LF inside a field, which changes where the request ends; and the method PRI, reserved for the HTTP/2
 * connection preface (RFC 9113 section 3.4): Node's parser may wait for the rest of a preface. Any answer
 * given must still be enveloped.
 */
export function answersOwed(request: RawRequest): number {
  const fields = [request.method, request.target, request.version, ...request.headers.flat()];
  if (fields.some((f) => /[\r\n]/.test(f)) || request.method === "PRI") return 0;
  const { framing } = request;
  switch (framing.kind) {
    case "none":
      return 1;
    case "length":
      return framing.delta <= 0 ? 1 : 0;
    case "chunked":
      return framing.terminated && framing.badSize === undefined ? 1 : 0;
    default:
      return 0;
  }
}

/** The request's bytes, printable: JSON string escapes for anything that is not printable ASCII. */
export function showBytes(bytes: Buffer): string {
  return JSON.stringify(bytes.toString("latin1")).replace(
    /[\u007f-\u00ff]/g,
    (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`,
  );
}

const tokenChars = "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".split("");
const token = (max: number) => fc.string({ unit: fc.constantFrom(...tokenChars), minLength: 1, maxLength: max });
const bytes = (max: number) => fc.uint8Array({ maxLength: max });
const bytesText = (max: number) => bytes(max).map(latin1);

/** Method: the contract's, others HTTP knows, odd spellings, unknown tokens, raw bytes. */
const method = fc.oneof(
  { weight: 20, arbitrary: fc.constantFrom("GET", "POST") },
  {
    weight: 4,
    arbitrary: fc.constantFrom("HEAD", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE", "CONNECT", "get", "Post", "PRI"),
  },
  { weight: 1, arbitrary: token(10) },
  { weight: 1, arbitrary: bytesText(8) },
);

/**
 * Target: `/phone-numbers/{label}` with the label as known numbers (so valid requests reach the handlers),
 * percent-encoded arbitrary bytes, or raw bytes; an optional query; or another path.
 */
function target(knownLabels: readonly string[]) {
  const percent = bytes(24).map((b) => [...b].map((x) => `%${x.toString(16).padStart(2, "0").toUpperCase()}`).join(""));
  const label = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...knownLabels) },
    { weight: 3, arbitrary: percent },
    { weight: 1, arbitrary: bytesText(24) },
  );
  const query = fc.oneof(
    { weight: 4, arbitrary: fc.constant("") },
    { weight: 1, arbitrary: fc.constantFrom("?operation=restore", "?x=1", "?", "?%zz") },
  );
  return fc.oneof(
    { weight: 8, arbitrary: fc.tuple(label, query).map(([l, q]) => `/phone-numbers/${l}${q}`) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        "*",
        "/",
        "/phone-numbers",
        "/phone-numbers/",
        "//phone-numbers/%2B12065550100",
        "http://x/phone-numbers/%2B12065550100",
        "/_control/reset",
        "/phone-numbers/%2B12065550100/x",
      ),
    },
    { weight: 1, arbitrary: bytesText(30).map((t) => `/${t}`) },
  );
}

const version = fc.oneof(
  { weight: 20, arbitrary: fc.constant("HTTP/1.1") },
  { weight: 1, arbitrary: fc.constantFrom("HTTP/1.0", "HTTP/2.0", "HTTP/1.10", "http/1.1", "HTTP/1", "HTTP/0.9") },
);

const contentTypes = [
  "application/json",
  "application/json; charset=utf-8",
  "APPLICATION/JSON",
  "application/json;charset=utf-16",
  "application/json;;",
  "application/x-amz-json-1.1",
  "text/plain",
  "multipart/form-data; boundary=x",
  "application/x-www-form-urlencoded",
  ";",
  "",
  "*/*",
  "application/json, text/plain",
];

/** A field value: mostly visible ASCII (what clients send), sometimes any bytes (control characters, obs-text). */
const value = fc.oneof(
  { weight: 12, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 1, arbitrary: bytesText(30) },
);

/** One header line: the ones that steer the server (content type, expectations, connection), or any name with any bytes. */
const header = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.tuple(
      fc.constant("Content-Type"),
      fc.oneof({ weight: 20, arbitrary: fc.constantFrom(...contentTypes) }, { weight: 1, arbitrary: bytesText(20) }),
    ),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.constant("Expect"), fc.constantFrom("100-continue", "100-Continue", "200-ok", "")),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.constant("Connection"), fc.constantFrom("close", "keep-alive", "Upgrade", "TE, close")),
  },
  { weight: 1, arbitrary: fc.tuple(fc.constant("Upgrade"), fc.constantFrom("websocket", "h2c", "HTTP/2.0")) },
  {
    weight: 1,
    arbitrary: fc.tuple(
      fc.constantFrom(
        "Authorization",
        "X-Amz-Date",
        "X-Amz-Content-Sha256",
        "Host",
        "Accept-Encoding",
        "Range",
        "Trailer",
        "Content-Encoding",
      ),
      value,
    ),
  },
  { weight: 2, arbitrary: fc.tuple(token(20), value) },
);

const chunkSizes = fc.array(fc.integer({ min: 1, max: 64 }), { maxLength: 4 });
const framing: fc.Arbitrary<Framing> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ kind: "none" as const }) },
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant("length" as const),
      delta: fc.oneof(
        { weight: 4, arbitrary: fc.constant(0) },
        { weight: 1, arbitrary: fc.integer({ min: -20, max: 20 }) },
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("length-text" as const),
      value: fc.constantFrom("abc", "-1", "1, 2", "0x10", "", "+5", "99999999999999999999", "1 1"),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant("chunked" as const), sizes: chunkSizes, terminated: fc.boolean() }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("chunked" as const),
      sizes: chunkSizes,
      terminated: fc.boolean(),
      badSize: fc.constantFrom("zz", "-1", "fffffffffffffffff", "1;ext=1", ""),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("transfer-encoding" as const),
      value: fc.constantFrom("gzip", "chunked, gzip", "gzip, chunked", "identity", "chunked, chunked", "CHUNKED", "x"),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: "length-and-chunked" as const }) },
);

const jsonBodies = [
  '{"Name":"Fuzzed name"}',
  '{"CallingName":"Fuzz Co"}',
  '{"ProductType":"SipMediaApplicationDialIn"}',
  '{"ProductType":"VoiceConnector"}',
  "{}",
  '{"Name":"x","__proto__":{"Name":"y"}}',
  '{"Name":null,"CallingName":"Ab"}',
  "null",
  "[]",
  '{"Name":',
  '"Name"',
  "\uFEFF{}",
];

const body = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...jsonBodies).map((s) => new Uint8Array(Buffer.from(s, "utf8"))) },
  { weight: 3, arbitrary: fc.json({ maxDepth: 3 }).map((s) => new Uint8Array(Buffer.from(s, "utf8"))) },
  { weight: 2, arbitrary: bytes(300) },
  { weight: 1, arbitrary: fc.constant(new Uint8Array(Buffer.alloc(70 * 1024, 0x20))) },
);

/** Raw requests; `knownLabels` are labels of numbers the server holds (`%2B1206...`, `+1206...`). */
export function rawRequestArbitrary(knownLabels: readonly string[]): fc.Arbitrary<RawRequest> {
  const host = fc.oneof(
    { weight: 9, arbitrary: fc.constant<[string, string][]>([["Host", "127.0.0.1"]]) },
    { weight: 1, arbitrary: fc.constant<[string, string][]>([]) },
  );
  return fc.record({
    method,
    target: target(knownLabels),
    version,
    headers: fc.tuple(host, fc.array(header, { maxLength: 6 })).map(([h, rest]) => [...h, ...rest]),
    framing,
    body,
  });
}
