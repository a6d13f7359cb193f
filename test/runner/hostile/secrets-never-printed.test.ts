// DESIGN ("Who may talk to the local servers"): no secret in any message, log, report or process title. A target's
// URL may carry a password (`http://user:PASSWORD@host`) or a token in its query; a signed run carries a signature
// and, with temporary credentials, a session token. None of them may reach stdout, stderr, any report format (the
// runner's and the proxy's), a curl line or `ps`, whichever command and path (a failing run, a target that cannot
// be reached, `--reset-url`, `fixtures capture`, the proxy) leads there.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import t, { type Test } from "tap";
import { hidden, shownHeaders, shownText, shownUrl, urlSecrets } from "../../../src/judge/secrets.js";
import { startServer } from "../../../src/server/index.js";
import { runCli } from "../../helpers/cli.js";
import { startProxyCommand } from "../../proxy/helpers.js";
import { startProxyProcess } from "../../proxy/process.js";
import { answering, everyReporter, reportPaths, startHostile } from "./target.js";

const password = "UrlPassw0rd";
const credentials = {
  AWS_ACCESS_KEY_ID: "AKIDSECRETTEST",
  AWS_SECRET_ACCESS_KEY: "TopSecretKeyValue123",
  AWS_SESSION_TOKEN: "SessTokenSecret456",
};
const secrets = [password, credentials.AWS_SECRET_ACCESS_KEY, credentials.AWS_SESSION_TOKEN];

/** What must never appear: each secret, the key id in a signature, and a signature's own hex. */
function leaks(text: string): string[] {
  const found = secrets.filter((s) => text.includes(s));
  if (/Credential=AKIDSECRETTEST/.test(text)) found.push("the key id in a Credential");
  if (/Signature=[0-9a-f]{64}/.test(text)) found.push("a signature");
  return found;
}

function withCredentials(t: Test): void {
  const saved = Object.fromEntries(Object.keys(credentials).map((k) => [k, process.env[k]]));
  Object.assign(process.env, credentials);
  t.teardown(() => {
    for (const [k, v] of Object.entries(saved))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  });
}

/** `http://user:PASSWORD@127.0.0.1:PORT` for a server's URL. */
const withPassword = (url: string) => url.replace("http://", `http://user:${password}@`);

t.test(
  "a failing signed run against a URL with a password: no secret in any report, curl line or output",
  async (t) => {
    withCredentials(t);
    // Every answer a 500 of HTML: every case fails, so every report holds every exchange it can.
    const target = await startHostile(answering(500, { "content-type": "text/html" }, "<h1>oops</h1>"));
    t.teardown(() => target.close());
    const dir = t.testdir();
    const r = await runCli(
      "test",
      "--target",
      withPassword(target.url),
      "--sign",
      "sigv4",
      "--case",
      "S1-*",
      "--case",
      "V1-*",
      ...everyReporter(dir),
      "--reporter",
      "human",
    );
    t.equal(r.code, 1, "the run fails (a 500 answers everything)");
    t.ok(target.requests.length > 3, `requests were sent (${target.requests.length})`);
    const reports = Object.entries(reportPaths(dir)).map(([name, file]) => [name, readFileSync(file, "utf8")] as const);
    for (const [name, text] of [["stdout", r.out], ["stderr", r.err], ...reports] as const)
      t.same(leaks(text), [], `${name}: no secret`);
    const json = readFileSync(reportPaths(dir).json, "utf8");
    t.match(json, `http://user:${hidden}@`, "the target is named, its password hidden");
    t.match(
      json,
      /AWS4-HMAC-SHA256 Credential=\*\*\*\/\d{8}\/us-east-1\/chime\/aws4_request, SignedHeaders=[\w;-]+, Signature=\*\*\*/,
    );
    t.match(json, `"x-amz-security-token": "${hidden}"`);
    t.match(
      r.out,
      /--aws-sigv4 .* --user "\$AWS_ACCESS_KEY_ID:\$AWS_SECRET_ACCESS_KEY"/,
      "curl signs from the environment",
    );
  },
);

t.test("messages of runs that cannot be made: the URL named without its password", async (t) => {
  const server = await startServer({ logLevel: "silent" });
  t.teardown(() => server.close());
  const runs = [
    ["test", "--target", `http://user:${password}@127.0.0.1:1`],
    ["test", "--target", server.url, "--case", "S1-*", "--reset-url", `http://user:${password}@127.0.0.1:1/reset`],
    ["fixtures", "capture", "--target", `http://user:${password}@127.0.0.1:1`, "--numbers", "+12065550100"],
    ["test", "--target", `ftp://user:${password}@127.0.0.1:1`],
    ["proxy", "--target", `ftp://user:${password}@127.0.0.1:1`],
  ];
  for (const argv of runs) {
    const dir = t.testdir();
    const reports = argv[0] === "test" ? ["--reporter", `json:${join(dir, "r.json")}`] : [];
    const r = await runCli(...argv, ...reports);
    t.equal(r.code, 2, `${argv.slice(0, 3).join(" ")}: exit 2`);
    t.match(r.err, /^chime-voice-contract [^\n]+\n$/, "one line");
    t.match(r.err, `user:${hidden}@`, "the URL named, its password hidden");
    t.same(leaks(r.out + r.err), [], "no secret on stdout or stderr");
    if (reports.length) t.same(leaks(readFileSync(join(dir, "r.json"), "utf8")), [], "no secret in the report");
  }
});

t.test("the proxy: no secret in its reports, its findings or its process title", async (t) => {
  withCredentials(t);
  const target = await startHostile(answering(200, { "content-type": "application/json" }, "{}"));
  t.teardown(() => target.close());
  const dir = t.testdir();
  const proxy = await startProxyCommand(
    "--target",
    `${withPassword(target.url)}/?token=QueryTok789`,
    "--sign",
    "sigv4",
    ...everyReporter(dir),
  );
  const answer = await fetch(`${proxy.url}/phone-numbers/%2B12065550100`, {
    headers: { authorization: "Bearer ClientToken999", cookie: "session=CookieSecret000" },
  });
  await answer.arrayBuffer();
  t.equal(await proxy.stop(), 1, "the target's empty answer is a finding");
  for (const [name, file] of Object.entries(reportPaths(dir))) {
    const text = readFileSync(file, "utf8");
    t.same(leaks(text), [], `${name}: no secret`);
    for (const other of ["QueryTok789", "ClientToken999", "CookieSecret000"])
      t.notMatch(text, other, `${name}: no ${other}`);
  }
  t.same(leaks(proxy.output.out + proxy.output.err), []);

  // What `ps` shows every user of the machine: the built proxy, its own process.
  const process = await startProxyProcess("--target", `${withPassword(target.url)}/?token=QueryTok789`);
  const cmdline = readFileSync(`/proc/${process.pid}/cmdline`, "utf8").replaceAll("\0", " ");
  await process.stop();
  t.notMatch(cmdline, password, "no password in the process title");
  t.notMatch(cmdline, "QueryTok789", "no token in the process title");
  t.match(cmdline, `user:${hidden}@`);
});

t.test("what is hidden, and what is kept to explain a refusal", async (t) => {
  t.equal(
    shownHeaders({
      authorization:
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/eu-west-1/chime/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc123",
    }).authorization,
    "AWS4-HMAC-SHA256 Credential=***/20260101/eu-west-1/chime/aws4_request, SignedHeaders=host;x-amz-date, Signature=***",
  );
  t.same(
    shownHeaders({
      Authorization: "Bearer tok",
      "x-amz-security-token": "tok",
      "Set-Cookie": ["a=1", "b=2"],
      "content-type": "application/json",
    }),
    {
      Authorization: "Bearer ***",
      "x-amz-security-token": "***",
      "Set-Cookie": ["***", "***"],
      "content-type": "application/json",
    },
  );
  const plain = { "content-type": "application/json" };
  t.equal(shownHeaders(plain), plain, "headers without a secret are not copied");
  t.equal(shownUrl("http://u:p%40ss@h:1/x?token=a&b=c"), "http://u:***@h:1/x?token=***&b=c");
  t.equal(shownUrl("http://h:1/x"), "http://h:1/x");
  t.equal(
    shownText("the target http://u:pw@127.0.0.1:1: ECONNREFUSED (see https://h/?sig=zz)."),
    "the target http://u:***@127.0.0.1:1: ECONNREFUSED (see https://h/?sig=***).",
  );
  t.same(urlSecrets("http://u:p%40ss@h/?token=a%20b&x=1").sort(), ["a b", "a%20b", "p%40ss", "p@ss"].sort());
});
