// The `serve` flags of the realism options: bad combinations are one line and exit 2; --log-level info logs
// one structured line per answer with request id, operation, status and latency, and nothing sensitive.
import t from "tap";
import { join } from "node:path";
import { main } from "../../src/cli.js";
import { Writable } from "node:stream";
import { captureIo } from "../helpers/cli.js";
import { startServer } from "../../src/server/index.js";
import { httpExchange, json } from "./helpers.js";

t.test("serve: bad realism options are one line on stderr and exit 2", async (t) => {
  const dir = t.testdir({
    "bad.json": '[{"accessKeyId":"AKID","secretAccessKey":"s","Allow":[]}]',
    "notdb.txt": "not a database, just text that is long enough to have a header",
  });
  const cases: Array<[string, string[], RegExp]> = [
    ["sigv4 without credentials", ["--auth", "sigv4"], /--auth sigv4 needs --credentials FILE/],
    [
      "credentials without sigv4",
      ["--credentials", join(dir, "bad.json")],
      /--credentials is used only with --auth sigv4/,
    ],
    ["an unknown auth", ["--auth", "basic"], /--auth must be one of none, sigv4/],
    [
      "a missing credentials file",
      ["--auth", "sigv4", "--credentials", join(dir, "missing.json")],
      /missing\.json: cannot read credentials: ENOENT/,
    ],
    [
      "a misspelt member in credentials",
      ["--auth", "sigv4", "--credentials", join(dir, "bad.json")],
      /entry \[0\]: unknown member "Allow"/,
    ],
    ["a rate limit of 0", ["--rate-limit", "0"], /--rate-limit must be at least 1/],
    ["a bad latency", ["--latency", "slow"], /--latency must be a duration/],
    ["an unknown store", ["--store", "redis:x"], /--store must be one of memory, sqlite/],
    ["sqlite without a path", ["--store", "sqlite:"], /--store sqlite:PATH needs a file path/],
    ["a file that is not a store", ["--store", `sqlite:${join(dir, "notdb.txt")}`], /sqlite store .*notdb\.txt: /],
  ];
  for (const [name, argv, err] of cases) {
    const { io, output: chunks } = captureIo();
    t.equal(await main(["serve", "--port", "0", "--log-level", "silent", ...argv], io), 2, name);
    t.match(chunks.err, err, name);
    t.equal(chunks.err.trim().split("\n").length, 1, `${name}: one line`);
    t.equal(chunks.out, "", `${name}: nothing on stdout`);
  }
});

t.test(
  "serve --auth sigv4 --credentials FILE --rate-limit --latency --no-control starts and judges requests",
  async (t) => {
    const dir = t.testdir({ "creds.json": '[{"accessKeyId":"AKIDEXAMPLE","secretAccessKey":"secret"}]' });
    const { io, output: chunks } = captureIo();
    let stop!: (signal: string) => void;
    const stopSignal = new Promise<string>((resolve) => (stop = resolve));
    const argv = [
      "serve",
      "--port",
      "0",
      "--log-level",
      "silent",
      "--auth",
      "sigv4",
      "--credentials",
      join(dir, "creds.json"),
      "--region",
      "us-east-1",
      "--rate-limit",
      "5",
      "--latency",
      "10ms",
      "--no-control",
    ];
    const exit = main(argv, { ...io, stopSignal });
    while (!chunks.out.includes("\n")) await new Promise((r) => setTimeout(r, 20));
    const base = chunks.out.trim().slice("listening on ".length);
    t.equal(
      (await httpExchange(t, base, { method: "GET", url: "/phone-numbers/%2B12065550100" })).status,
      401,
      "unsigned: 401",
    );
    t.equal((await httpExchange(t, base, { method: "POST", url: "/_control/reset" })).status, 404, "--no-control: 404");
    stop("SIGTERM");
    t.equal(await exit, 0);
  },
);

t.test(
  "logs at info: request id, operation, status and latency per answer; no number, name or signature",
  async (t) => {
    const lines: string[] = [];
    const stream = new Writable({
      write: (chunk, _e, done) => {
        lines.push(String(chunk));
        done();
      },
    });
    const running = await startServer({
      logLevel: "info",
      logStream: stream,
      auth: { credentials: [{ accessKeyId: "AKIDLOGGED", secretAccessKey: "s" }] },
    });
    const signedLooking = {
      ...json,
      authorization: `AWS4-HMAC-SHA256 Credential=AKIDLOGGED/20260101/us-east-1/chime/aws4_request, SignedHeaders=host, Signature=${"a".repeat(64)}`,
    };
    const answer = await httpExchange(t, running.url, {
      method: "POST",
      url: "/phone-numbers/%2B12065550100",
      headers: signedLooking,
      body: '{"Name":"Secret.Name"}',
    });
    await running.close();
    const completed = lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.msg === "request completed");
    t.equal(completed.length, 1);
    t.match(completed[0], {
      reqId: answer.headers["x-amzn-requestid"],
      operation: "UpdatePhoneNumber",
      res: { statusCode: 401 },
      responseTime: Number,
    });
    const all = lines.join("");
    for (const secret of ["2065550", "Secret", "AWS4-HMAC", "aaaaaaaa"])
      t.notOk(all.includes(secret), `no '${secret}' in the logs`);
  },
);
