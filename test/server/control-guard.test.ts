// Regressions: a web page could drive the control interface. `POST /_control/faults` with `text/plain` and
// `Origin: http://evil.example` (a request a page sends without a preflight) answered 201 and queued 1,000
// injected 503s; a form-encoded `POST /_control/reset` answered 200; under `--auth sigv4`, `/_control/reset`
// answered unsigned. Now: JSON bodies only (415), no foreign Origin (403), and a signature by any key under
// --auth sigv4 (401), with nothing changed by a refused request. Signed requests are made with real curl.
import t, { type Test } from "tap";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { startServer, type RunningServer } from "../../src/server/index.js";
import { json, plainRequest, usNumber } from "./helpers.js";

const run = promisify(execFile);
const faultBody = JSON.stringify({ operation: "GetPhoneNumber", error: "ServiceUnavailableException", count: 1000 });

async function serve(t: Test, options: Parameters<typeof startServer>[0] = {}): Promise<RunningServer> {
  const running = await startServer({ logLevel: "silent", ...options });
  t.teardown(() => running.close());
  return running;
}

const queued = async (running: RunningServer) =>
  ((await (await fetch(`${running.url}/_control/faults`)).json()) as { faults: unknown[] }).faults.length;

/** The number's Name, read through the contract (unsigned servers only). */
const nameOf = async (running: RunningServer) =>
  ((await (await fetch(`${running.url}/phone-numbers/${usNumber}`)).json()) as { PhoneNumber: { Name?: string } })
    .PhoneNumber.Name;

async function rename(running: RunningServer, name: string): Promise<void> {
  const r = await fetch(`${running.url}/phone-numbers/${usNumber}`, {
    method: "POST",
    headers: json,
    body: JSON.stringify({ Name: name }),
  });
  if (r.status !== 200) throw new Error(`rename: ${r.status}`);
}

t.test("a page's request to queue faults (text/plain, foreign Origin) is refused and queues nothing", async (t) => {
  const running = await serve(t);
  const r = await plainRequest(running.url, {
    method: "POST",
    url: "/_control/faults",
    headers: { "content-type": "text/plain", origin: "http://evil.example" },
    body: faultBody,
  });
  t.equal(r.status, 403);
  t.equal(r.headers["content-type"], "application/json");
  t.match(r.json, { message: /^Origin: / });
  t.equal(await queued(running), 0, "no fault queued");
});

t.test("control requests need JSON: any other content type is a 415 JSON message, nothing changed", async (t) => {
  const running = await serve(t);
  await rename(running, "Before");
  const cases: Array<[string, string, Record<string, string>, string | undefined]> = [
    ["faults as text/plain", "/_control/faults", { "content-type": "text/plain" }, faultBody],
    ["faults with no content type", "/_control/faults", {}, faultBody],
    ["a form-encoded reset", "/_control/reset", { "content-type": "application/x-www-form-urlencoded" }, "a=b"],
    [
      "an empty form (a form with no field)",
      "/_control/reset",
      { "content-type": "application/x-www-form-urlencoded" },
      "",
    ],
    ["multipart", "/_control/reset", { "content-type": "multipart/form-data; boundary=x" }, "--x--"],
    ["JSON's look-alike", "/_control/faults", { "content-type": "application/json-seq" }, faultBody],
  ];
  for (const [name, url, headers, body] of cases) {
    const r = await plainRequest(running.url, {
      method: "POST",
      url,
      headers: body === "" ? { ...headers, "content-length": "0" } : headers,
      ...(body !== undefined ? { body } : {}),
    });
    t.equal(r.status, 415, name);
    t.match(r.json, { message: /^Content-Type: a control request with a body must be application\/json/ }, name);
  }
  t.equal(await queued(running), 0, "no fault queued");
  t.equal(await nameOf(running), "Before", "no reset happened");
});

t.test("the server's own Origin and JSON (with parameters) are let in; a foreign one never", async (t) => {
  const running = await serve(t);
  const own = new URL(running.url).origin;
  const add = (headers: Record<string, string>) =>
    plainRequest(running.url, { method: "POST", url: "/_control/faults", headers, body: faultBody });
  t.equal((await add({ "content-type": "application/json; charset=utf-8" })).status, 201, "JSON with a charset");
  t.equal((await add({ "content-type": "Application/JSON", origin: own })).status, 201, "its own Origin");
  for (const origin of ["null", "http://evil.example", `${own.replace(/:\d+$/, "")}:1`, own.replace("http:", "https:")])
    t.equal((await add({ ...json, origin })).status, 403, `Origin ${origin}`);
  const reads: Array<[string, string]> = [
    ["GET", "/_control/faults"],
    ["DELETE", "/_control/faults"],
    ["POST", "/_control/reset"],
    ["POST", "/_control/calling-names/complete"],
  ];
  for (const [method, url] of reads)
    t.equal(
      (await plainRequest(running.url, { method, url, headers: { origin: "http://evil.example" } })).status,
      403,
      `${method} ${url} from another page`,
    );
  t.equal(await queued(running), 2, "only the two let in were queued");
  t.equal(
    (await plainRequest(running.url, { method: "POST", url: "/_control/reset" })).status,
    200,
    "a bodiless POST with no content type (curl -X POST, the runner's --reset-url) is let in",
  );
});

t.test("DESIGN: only the control interface checks Origin; the contract's routes answer any", async (t) => {
  const running = await serve(t);
  const r = await plainRequest(running.url, {
    method: "GET",
    url: `/phone-numbers/${usNumber}`,
    headers: { origin: "http://evil.example" },
  });
  t.equal(r.status, 200);
});

async function curlAvailable(): Promise<boolean> {
  try {
    await run("curl", ["--version"]);
    return true;
  } catch {
    return false;
  }
}

t.test("under --auth sigv4 every control request needs a signature by a key of the credentials", async (t) => {
  if (!(await curlAvailable())) {
    t.fail("curl is not on PATH; it is required for this test");
    return;
  }
  const running = await serve(t, {
    auth: {
      credentials: [
        { accessKeyId: "AKIDFIRST", secretAccessKey: "first-secret" },
        // Any key will do: `allow` names the contract's operations, not the control interface.
        { accessKeyId: "AKIDREADER", secretAccessKey: "reader-secret", allow: ["GetPhoneNumber"] },
      ],
    },
  });
  const curl = async (user: string, ...args: string[]) => {
    const { stdout } = await run("curl", [
      "--silent",
      "--aws-sigv4",
      "aws:amz:us-east-1:chime",
      "--user",
      user,
      "--write-out",
      "\n%{http_code}",
      ...args,
    ]);
    const [body = "", status = ""] = stdout.split(/\n(?=\d+$)/);
    return { status: Number(status), json: JSON.parse(body) as unknown };
  };
  const unsigned = await plainRequest(running.url, { method: "POST", url: "/_control/reset" });
  t.equal(unsigned.status, 401, "an unsigned reset");
  t.match(unsigned.json, { message: "Missing Authentication Token" });
  const unsignedFault = await plainRequest(running.url, {
    method: "POST",
    url: "/_control/faults",
    headers: json,
    body: faultBody,
  });
  t.equal(unsignedFault.status, 401, "an unsigned fault");
  const wrong = await curl(
    "AKIDFIRST:not-the-secret",
    "-H",
    "content-type: application/json",
    "-d",
    faultBody,
    `${running.url}/_control/faults`,
  );
  t.equal(wrong.status, 401, "a wrong secret");
  const listed = await curl("AKIDREADER:reader-secret", `${running.url}/_control/faults`);
  t.same(listed, { status: 200, json: { faults: [] } }, "signed GET: nothing was queued by the refused requests");
  const added = await curl(
    "AKIDFIRST:first-secret",
    "-H",
    "content-type: application/json",
    "-d",
    faultBody,
    `${running.url}/_control/faults`,
  );
  t.equal(added.status, 201, "a signed fault");
  const reset = await curl("AKIDREADER:reader-secret", "-X", "POST", `${running.url}/_control/reset`);
  t.match(reset, { status: 200, json: { reset: true, faultsCleared: 1 } }, "a signed reset, by a key allowed less");
  const typed = await curl(
    "AKIDFIRST:first-secret",
    "-H",
    "content-type: text/plain",
    "-d",
    "{}",
    `${running.url}/_control/reset`,
  );
  t.equal(typed.status, 415, "signed, but not JSON");
});
