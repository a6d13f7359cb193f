// Auth (DESIGN "Reference server options beyond the contract"): requests signed by the official JS SDK v3 and by
// the aws CLI v1, captured on the wire, are let in with good keys and refused otherwise.
import t, { type Test } from "tap";
import { execFile } from "node:child_process";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { promisify } from "node:util";
import { Sha256 } from "@aws-crypto/sha256-js";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import { ChimeSDKVoiceClient, GetPhoneNumberCommand, UpdatePhoneNumberCommand } from "@aws-sdk/client-chime-sdk-voice";
import {
  createSigV4Verifier,
  parseAmzDate,
  parseAuthorization,
  type SignedRequest,
  type SigV4Result,
} from "../../src/server/sigv4.js";
import type { CredentialEntry } from "../../src/server/credentials.js";
import { namedPhoneNumber } from "../helpers/phone-number.js";

const good = { accessKeyId: "AKIDGOODKEY0000001", secretAccessKey: "good/secret+key0000000000000000000000000" };
const readOnly = {
  accessKeyId: "AKIDREADONLY000001",
  secretAccessKey: "read-only-secret-000000000000000000000000",
  allow: ["GetPhoneNumber"],
};
const credentials: CredentialEntry[] = [good, readOnly];

const phoneNumber = namedPhoneNumber;

/** Records each request as it arrived (method, raw url, headers, whole body) and answers a 200 both clients accept. */
async function startCollector() {
  const seen: SignedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      seen.push({
        method: req.method!,
        rawUrl: req.url!,
        headers: { ...req.headers } as IncomingHttpHeaders,
        body: Buffer.concat(chunks),
      });
      const body = JSON.stringify({ PhoneNumber: phoneNumber });
      res.writeHead(200, {
        "content-type": "application/json",
        "x-amzn-RequestId": "c0ffee00-0000-4000-8000-000000000001",
        "content-length": Buffer.byteLength(body),
      });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    seen,
    port,
    endpoint: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const collector = await startCollector();
t.teardown(collector.close);

function sdkClient(key: { accessKeyId: string; secretAccessKey: string }, region = "us-east-1") {
  return new ChimeSDKVoiceClient({ endpoint: collector.endpoint, region, credentials: key, maxAttempts: 1 });
}

function lastRequest(countBefore: number): SignedRequest {
  if (collector.seen.length !== countBefore + 1)
    throw new Error(`expected one request, the collector saw ${collector.seen.length - countBefore}`);
  return collector.seen[countBefore]!;
}

/** Sends one call from the SDK and returns the request the collector saw. */
async function capture(send: () => Promise<unknown>): Promise<SignedRequest> {
  const before = collector.seen.length;
  await send();
  return lastRequest(before);
}

const get = (key = good, id = "+12065550100", region?: string) =>
  capture(() => sdkClient(key, region).send(new GetPhoneNumberCommand({ PhoneNumberId: id })));
const update = (key = good, id = "+12065550100", name = "Front desk") =>
  capture(() => sdkClient(key).send(new UpdatePhoneNumberCommand({ PhoneNumberId: id, Name: name })));

const verify = createSigV4Verifier({ credentials });

function refused(t: Test, result: SigV4Result, reason: RegExp, message: string) {
  t.equal(result.ok, false, message);
  if (!result.ok) t.match(result.reason, reason, `${message}: reason`);
}

t.test("JS SDK v3: good keys are let in for GetPhoneNumber and UpdatePhoneNumber", async (t) => {
  const cases: [string, () => Promise<SignedRequest>, RegExp][] = [
    ["GetPhoneNumber +E.164 label", () => get(), /^\/phone-numbers\/%2B12065550100$/],
    ["UpdatePhoneNumber +E.164 label", () => update(), /^\/phone-numbers\/%2B12065550100$/],
    [
      "GetPhoneNumber label already %2B-encoded",
      () => get(good, "%2B12065550100"),
      /^\/phone-numbers\/%252B12065550100$/,
    ],
    [
      "UpdatePhoneNumber label already %2B-encoded",
      () => update(good, "%2B12065550100"),
      /^\/phone-numbers\/%252B12065550100$/,
    ],
    [
      "UpdatePhoneNumber with non-ASCII name",
      () => update(good, "+12065550100", "Café Ñandú"),
      /^\/phone-numbers\/%2B12065550100$/,
    ],
  ];
  for (const [name, send, path] of cases) {
    const request = await send();
    t.match(request.rawUrl, path, `${name}: path on the wire`);
    t.match(
      String(request.headers.authorization),
      /SignedHeaders=[^,]*x-amz-content-sha256/,
      `${name}: the SDK signs its payload hash`,
    );
    const result = await verify(request);
    t.equal(result.ok, true, `${name}: ${result.ok ? "ok" : result.reason}`);
    if (result.ok) t.equal(result.accessKeyId, good.accessKeyId);
  }
});

t.test("JS SDK v3: any region is accepted unless a region is configured", async (t) => {
  const request = await get(good, "+12065550100", "eu-central-1");
  t.equal((await verify(request)).ok, true, "no region configured");
  t.equal(
    (await createSigV4Verifier({ credentials, region: "eu-central-1" })(request)).ok,
    true,
    "the configured region",
  );
  refused(
    t,
    await createSigV4Verifier({ credentials, region: "us-east-1" })(request),
    /region 'us-east-1', not 'eu-central-1'/,
    "another region",
  );
});

t.test("JS SDK v3: a session token, when signed, is verified as received", async (t) => {
  const request = await capture(() =>
    new ChimeSDKVoiceClient({
      endpoint: collector.endpoint,
      region: "us-east-1",
      credentials: { ...good, sessionToken: "session/token+value==" },
      maxAttempts: 1,
    }).send(new GetPhoneNumberCommand({ PhoneNumberId: "+12065550100" })),
  );
  t.match(String(request.headers.authorization), /SignedHeaders=[^,]*x-amz-security-token/, "the SDK signs the token");
  t.equal((await verify(request)).ok, true, "let in");
  refused(
    t,
    await verify({ ...request, headers: { ...request.headers, "x-amz-security-token": "another-token" } }),
    /signature we calculated does not match/,
    "a changed token",
  );
});

t.test("allows() honours the key's allow list (403 is the server's, from this)", async (t) => {
  const full = await verify(await update(good));
  t.ok(full.ok && full.allows("UpdatePhoneNumber") && full.allows("GetPhoneNumber"), "no allow: every operation");
  const limited = await verify(await update(readOnly));
  t.equal(limited.ok, true, "a read-only key's signature is still valid");
  t.ok(limited.ok && limited.allows("GetPhoneNumber"), "read-only key may get");
  t.ok(limited.ok && !limited.allows("UpdatePhoneNumber"), "read-only key may not update");
});

t.test("JS SDK v3: bad requests are refused with a reason", async (t) => {
  const goodGet = await get();
  const goodUpdate = await update();
  const wrongSecret = await update({
    accessKeyId: good.accessKeyId,
    secretAccessKey: "not-the-secret-0000000000000000000000000",
  });
  const unknownKey = await get({ accessKeyId: "AKIDNOBODY00000001", secretAccessKey: good.secretAccessKey });
  const otherBody = await update(good, "+12065550100", "Back office");
  const otherPath = await get(good, "+12065550199");
  const withHeaders = (request: SignedRequest, change: (headers: SignedRequest["headers"]) => void): SignedRequest => {
    const headers = { ...request.headers };
    change(headers);
    return { ...request, headers };
  };
  const authorization = String(goodGet.headers.authorization);
  const cases: [string, SignedRequest, RegExp][] = [
    ["wrong secret", wrongSecret, /signature we calculated does not match/],
    ["unknown key", unknownKey, /unknown access key/],
    ["unsigned", withHeaders(goodGet, (h) => delete h.authorization), /Missing Authentication Token/],
    [
      "malformed Authorization",
      withHeaders(goodGet, (h) => (h.authorization = authorization.replace("Signature=", "Sig="))),
      /not a well-formed/,
    ],
    [
      "another algorithm",
      withHeaders(goodGet, (h) => (h.authorization = authorization.replace("AWS4-HMAC-SHA256", "AWS4-HMAC-SHA1"))),
      /not a well-formed/,
    ],
    [
      "a short signature",
      withHeaders(goodGet, (h) => (h.authorization = authorization.replace(/Signature=[0-9a-f]{8}/, "Signature="))),
      /not a well-formed/,
    ],
    [
      "host not signed",
      withHeaders(
        goodGet,
        (h) => (h.authorization = authorization.replace(/SignedHeaders=[^,]+/, "SignedHeaders=x-amz-date")),
      ),
      /SignedHeaders must include host/,
    ],
    [
      "x-amz-date not signed",
      withHeaders(
        goodGet,
        (h) => (h.authorization = authorization.replace(/SignedHeaders=[^,]+/, "SignedHeaders=host")),
      ),
      /SignedHeaders must include x-amz-date/,
    ],
    ["no x-amz-date", withHeaders(goodGet, (h) => delete h["x-amz-date"]), /missing the X-Amz-Date/],
    [
      "an impossible x-amz-date",
      withHeaders(goodGet, (h) => (h["x-amz-date"] = "20260231T000000Z")),
      /not a real date of the form/,
    ],
    [
      "a signed header dropped on the way",
      withHeaders(goodGet, (h) => delete h["amz-sdk-invocation-id"]),
      /Signed header 'amz-sdk-invocation-id' is missing/,
    ],
    [
      "a signed header changed on the way",
      withHeaders(goodGet, (h) => (h.host = "127.0.0.1:1")),
      /signature we calculated does not match/,
    ],
    [
      "wrong service",
      withHeaders(goodGet, (h) => (h.authorization = authorization.replace("/chime/", "/s3/"))),
      /service 'chime', not 's3'/,
    ],
    [
      "scope date other than x-amz-date",
      withHeaders(
        goodGet,
        (h) => (h.authorization = authorization.replace(/Credential=([^/]+)\/\d{8}\//, "Credential=$1/20000101/")),
      ),
      /does not match X-Amz-Date/,
    ],
    [
      "tampered body, same headers",
      { ...goodUpdate, body: otherBody.body },
      /x-amz-content-sha256 header does not match the request body/,
    ],
    [
      "tampered body and payload hash",
      withHeaders(
        { ...goodUpdate, body: otherBody.body },
        (h) => (h["x-amz-content-sha256"] = otherBody.headers["x-amz-content-sha256"]),
      ),
      /signature we calculated does not match/,
    ],
    ["tampered path", { ...goodGet, rawUrl: otherPath.rawUrl }, /signature we calculated does not match/],
    ["tampered method", { ...goodGet, method: "DELETE" }, /signature we calculated does not match/],
    ["a query added", { ...goodGet, rawUrl: `${goodGet.rawUrl}?x=1` }, /signature we calculated does not match/],
  ];
  for (const [name, request, reason] of cases) refused(t, await verify(request), reason, name);
});

t.test("clock skew: over 5 minutes either way is refused, within is let in (wall clock injected)", async (t) => {
  const request = await get();
  const signedAt = parseAmzDate(String(request.headers["x-amz-date"]))!.getTime();
  const cases: [string, number, boolean][] = [
    ["same second", 0, true],
    ["server 4m59s ahead", 299_000, true],
    ["server 5m ahead", 300_000, true],
    ["server 5m01s ahead", 301_000, false],
    ["server 5m01s behind", -301_000, false],
    ["server an hour behind", -3_600_000, false],
  ];
  for (const [name, offset, ok] of cases) {
    const result = await createSigV4Verifier({ credentials, now: () => new Date(signedAt + offset) })(request);
    t.equal(result.ok, ok, name);
    if (!ok && !result.ok) t.match(result.reason, /more than 5 minutes from the server time/, `${name}: reason`);
  }
});

t.test("query parameters are taken from the raw URL: repeated names, escapes, a literal +", async (t) => {
  // Neither operation has a query, so a client is stood in for by signing one with the SDK's own signer.
  const signer = new SignatureV4({ credentials: good, region: "us-east-1", service: "chime", sha256: Sha256 });
  const host = `127.0.0.1:${collector.port}`;
  const signed = await signer.sign(
    new HttpRequest({
      method: "GET",
      protocol: "http:",
      hostname: "127.0.0.1",
      port: collector.port,
      path: "/phone-numbers/%2B12065550100",
      query: { b: ["2", "1"], a: "x y+z/é" },
      headers: { host },
    }),
  );
  const query = "b=2&a=x%20y%2Bz%2F%C3%A9&b=1";
  const before = collector.seen.length;
  await fetch(`http://${host}${signed.path}?${query}`, { headers: signed.headers });
  const request = lastRequest(before);
  t.equal(request.rawUrl, `/phone-numbers/%2B12065550100?${query}`);
  const result = await verify(request);
  t.equal(result.ok, true, result.ok ? "ok" : result.reason);
  const cases: [string, string][] = [
    ["a value changed", "b=2&a=x%20y%2Bz%2F%C3%A9&b=3"],
    ["a value dropped", "b=2&a=x%20y%2Bz%2F%C3%A9"],
    ["a space sent as +", "b=2&a=x+y%2Bz%2F%C3%A9&b=1"],
    ["a malformed escape", "b=2&a=x%zzy&b=1"],
  ];
  for (const [name, changed] of cases)
    refused(
      t,
      await verify({ ...request, rawUrl: `/phone-numbers/%2B12065550100?${changed}` }),
      /signature we calculated does not match/,
      name,
    );
});

t.test("the Authorization and X-Amz-Date parsers", async (t) => {
  t.same(
    parseAuthorization(
      `AWS4-HMAC-SHA256 Credential=AKID/20260105/us-east-1/chime/aws4_request, SignedHeaders=host;x-amz-date, Signature=${"a".repeat(64)}`,
    ),
    {
      accessKeyId: "AKID",
      date: "20260105",
      region: "us-east-1",
      service: "chime",
      signedHeaders: ["host", "x-amz-date"],
      signature: "a".repeat(64),
    },
  );
  for (const bad of [
    "",
    "AWS4-HMAC-SHA256",
    "Bearer abc",
    `AWS4-HMAC-SHA256 Credential=AKID/20260105/us-east-1/chime, SignedHeaders=host, Signature=${"a".repeat(64)}`,
  ]) {
    t.equal(parseAuthorization(bad), undefined, JSON.stringify(bad));
  }
  t.equal(parseAmzDate("20260105T100000Z")?.toISOString(), "2026-01-05T10:00:00.000Z");
  for (const bad of ["2026-01-05T10:00:00Z", "20261305T100000Z", "20260105T250000Z", "20260105T100000"])
    t.equal(parseAmzDate(bad), undefined, bad);
});

const run = promisify(execFile);

/** The aws CLI v1 against the collector, with only the keys given in its environment. */
async function awsCli(
  key: { accessKeyId: string; secretAccessKey: string },
  ...args: string[]
): Promise<SignedRequest> {
  const before = collector.seen.length;
  const { stdout } = await run(
    "aws",
    ["chime-sdk-voice", ...args, "--endpoint-url", collector.endpoint, "--region", "us-east-1", "--output", "json"],
    {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        AWS_ACCESS_KEY_ID: key.accessKeyId,
        AWS_SECRET_ACCESS_KEY: key.secretAccessKey,
        AWS_CONFIG_FILE: "/dev/null",
        AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
        AWS_MAX_ATTEMPTS: "1",
      },
      timeout: 60_000,
    },
  );
  if (JSON.parse(stdout).PhoneNumber?.E164PhoneNumber !== "+12065550100")
    throw new Error(`the CLI did not read the answer: ${stdout}`);
  return lastRequest(before);
}

t.test("aws CLI v1: let in with a good key, refused with a wrong one", async (t) => {
  const cliGet = await awsCli(good, "get-phone-number", "--phone-number-id", "+12065550100");
  const cliUpdate = await awsCli(good, "update-phone-number", "--phone-number-id", "+12065550100", "--name", "x");
  t.match(String(cliGet.headers.authorization), /SignedHeaders=host;x-amz-date,/, "GET signs host;x-amz-date only");
  t.match(
    String(cliUpdate.headers.authorization),
    /SignedHeaders=content-type;host;x-amz-date,/,
    "POST signs content-type;host;x-amz-date only",
  );
  t.equal(cliUpdate.headers["x-amz-content-sha256"], undefined, "no payload hash header");
  t.match(cliGet.rawUrl, /^\/phone-numbers\/%2B12065550100$/);
  for (const [name, request] of [
    ["get", cliGet],
    ["update", cliUpdate],
  ] as const) {
    const result = await verify(request);
    t.equal(result.ok, true, `${name}: ${result.ok ? "ok" : result.reason}`);
  }
  refused(
    t,
    await verify({ ...cliUpdate, body: Buffer.from(JSON.stringify({ Name: "y" })) }),
    /signature we calculated does not match/,
    "tampered body (no payload hash header)",
  );
  const wrong = await awsCli(
    { accessKeyId: good.accessKeyId, secretAccessKey: "not-the-secret-0000000000000000000000000" },
    "get-phone-number",
    "--phone-number-id",
    "+12065550100",
  );
  refused(t, await verify(wrong), /signature we calculated does not match/, "wrong secret");
});

// The verifier keeps one signer per key, built once, and its signing-key cache: a verdict must never carry over
// from one request to the next. (What a verification costs belongs in bench/, not in a test.)
t.test("1000 verifications alternating a signed request and its tampered copy: each judged on its own", async (t) => {
  const request = await update();
  const tampered = { ...request, body: Buffer.from(JSON.stringify({ Name: "tampered" })) };
  let accepted = 0;
  let refusedCount = 0;
  for (let i = 0; i < 500; i++) {
    if ((await verify(request)).ok) accepted++;
    if (!(await verify(tampered)).ok) refusedCount++;
  }
  t.equal(accepted, 500, "the signed request is let in every time");
  t.equal(refusedCount, 500, "its tampered copy is refused every time, right after the signed one");
});
