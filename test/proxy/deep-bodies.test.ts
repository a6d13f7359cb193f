// Any depth through serve and the validating proxy, as users run them (the built CLI, its own process) and on a
// small stack (--stack-size=200), where a recursive walk over a client's request or a target's answer fails:
// requests nested as deep as V1's 64 KiB allows are answered as the contract says (a 400 in the W3 envelope, or a
// 200 when the depth is in an unknown member: V2), recorded, and the servers stay up. Answers to reads and updates
// nested 1,000, 100,000 and 1,000,000 levels deep (arrays, objects, both) reach the client whole through the
// proxy, which judges, compares and records each and stays up. Before, an answer of 100,000 levels read twice
// crashed the judge (util.isDeepStrictEqual, comparing the reads): of 3 reads, 1 was judged and the others were
// left out of the reports.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import t, { type Test } from "tap";
import { parse } from "yaml";
import { packageRoot } from "../../src/contract/paths.js";
import { bodyLimitBytes } from "../../src/contract/update-request.js";
import { maxJsonDepth } from "../../src/judge/json-depth.js";
import { startHostile } from "../runner/hostile/target.js";

interface Running {
  url: string;
  stop(): Promise<{ code: number | null; stderr: string }>;
}

/** `node --stack-size=200 dist/src/bin.js ARGS...`, once it prints `listening on URL` on stdout. */
async function startBuilt(...args: string[]): Promise<Running> {
  const bin = join(packageRoot, "dist", "src", "bin.js");
  const child = spawn(process.execPath, ["--stack-size=200", bin, ...args, "--port", "0"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (c: Buffer) => (out += String(c)));
  child.stderr.on("data", (c: Buffer) => (err += String(c)));
  const exited = once(child, "exit").then(([code]) => code as number | null);
  const url = await Promise.race([
    (async () => {
      while (!/^listening on (\S+)$/m.test(out)) await new Promise((r) => setTimeout(r, 10));
      return /^listening on (\S+)$/m.exec(out)![1]!;
    })(),
    exited.then((code) => Promise.reject(new Error(`${args[0]} exited ${code}: ${err}`))),
  ]);
  return {
    url,
    async stop() {
      child.kill("SIGTERM");
      return { code: await exited, stderr: err };
    },
  };
}

const number = "/phone-numbers/%2B12065550100";
const post = (url: string, body: string) =>
  fetch(`${url}${number}`, { method: "POST", headers: { "content-type": "application/json" }, body });

/** As deep as V1's limit allows, each body within it. */
const levels = Math.floor(bodyLimitBytes / 2) - 50;
const arrays = (n: number) => `${"[".repeat(n)}${"]".repeat(n)}`;
const objects = (n: number) => `${'{"a":'.repeat(n)}1${"}".repeat(n)}`;
const bodies: Array<{ name: string; body: string; status: number; message?: RegExp }> = [
  { name: `${levels} levels of arrays`, body: arrays(levels), status: 400, message: /must be a JSON object/ },
  {
    name: "a bracket opened at every byte",
    body: "[".repeat(bodyLimitBytes),
    status: 400,
    message: /not valid JSON/,
  },
  {
    name: `${Math.floor(bodyLimitBytes / 6) - 10} levels of objects`,
    body: objects(Math.floor(bodyLimitBytes / 6) - 10),
    status: 400,
    message: /exactly one of CallingName, Name, ProductType/,
  },
  // V2: unknown members are ignored whatever their nesting.
  {
    name: "a Name beside an unknown member as deep",
    body: `{"Name":"Deep","Extra":${arrays(levels - 20)}}`,
    status: 200,
  },
];

async function sendEach(t: Test, url: string) {
  for (const { name, body, status, message } of bodies) {
    t.ok(Buffer.byteLength(body) <= bodyLimitBytes, `${name}: within V1's limit`);
    const res = await post(url, body);
    const text = await res.text();
    t.equal(res.status, status, `${name}: ${status} (${text.slice(0, 120)})`);
    if (status === 400) {
      t.equal(res.headers.get("x-amzn-errortype"), "BadRequestException", `${name}: the W3 envelope`);
      const error = JSON.parse(text) as { Code: string; Message: string };
      t.equal(error.Code, "BadRequest");
      t.match(error.Message, message!);
    } else t.equal((JSON.parse(text) as { PhoneNumber: { Name: string } }).PhoneNumber.Name, "Deep");
  }
  const read = await fetch(`${url}${number}`);
  t.equal(read.status, 200, "still serving");
  await read.text();
}

t.test("serve, and the proxy in front of it, answer and record requests nested as deep as 64 KiB allows", async (t) => {
  const serve = await startBuilt("serve");
  t.teardown(async () => void (await serve.stop()));
  await t.test("serve", (t) => sendEach(t, serve.url));
  const report = join(t.testdir(), "proxy.json");
  const recorded = join(t.testdir(), "recorded");
  const proxy = await startBuilt("proxy", "--target", serve.url, "--reporter", `json:${report}`, "--record", recorded);
  await t.test("through the proxy", (t) => sendEach(t, proxy.url));
  const stopped = await proxy.stop();
  t.equal(stopped.code, 0, `the proxy judged every exchange lawful (${stopped.stderr})`);
  t.match(stopped.stderr, /chime-voice-contract proxy: 5 exchanges, 0 findings/);
  t.equal((JSON.parse(readFileSync(report, "utf8")) as { exitCode: number }).exitCode, 0);
  // Regression: recording a request body as YAML recursed (JSON.stringify, then yaml), and the exchanges whose
  // bodies nested deeper were left out of the recording without a word (1 step recorded of 5).
  const file = readdirSync(recorded).find((f) => f.endsWith(".yaml"));
  const recording = parse(readFileSync(join(recorded, file!), "utf8")) as {
    cases: Array<{ steps: Array<{ request: { body?: string; json?: unknown } }> }>;
  };
  const steps = recording.cases[0]!.steps;
  t.equal(steps.length, bodies.length + 1, "every exchange recorded");
  t.same(
    steps.slice(0, bodies.length).map((s) => s.request.body),
    bodies.map((b) => b.body),
    "each deep body recorded as the text sent",
  );
});

/** JSON text nested `levels` deep: each shape opens and closes its levels around a 1. */
const shapes = {
  arrays: (levels: number) => `${"[".repeat(levels)}1${"]".repeat(levels)}`,
  objects: (levels: number) => `${'{"a":'.repeat(levels)}1${"}".repeat(levels)}`,
  mixed: (levels: number) => `${'[{"a":'.repeat(levels / 2)}1${"}]".repeat(levels / 2)}`,
};
type Shape = keyof typeof shapes;

t.test(
  "answers nested 100,000 and 1,000,000 levels deep reach the client through the proxy, which judges each",
  async (t) => {
    const fixture = JSON.parse(readFileSync(join(packageRoot, "conformance", "fixtures.json"), "utf8"))[0] as Record<
      string,
      unknown
    >;
    const { Name: _name, ...rest } = fixture;
    const texts = new Map<string, string>();
    // The answer the client asks for in `x-deep` (`SHAPE LEVELS`): to a read, as the number's Name (a member the
    // proxy compares with what it saw before, and shows); to an update, beside PhoneNumber. None: the fixture.
    const answer = (deep: string | undefined, method: string) => {
      const key = `${deep} ${method}`;
      if (!texts.has(key)) {
        const [shape, levels] = (deep ?? "").split(" ") as [Shape, string];
        const value = deep ? shapes[shape](Number(levels)) : undefined;
        texts.set(
          key,
          !value
            ? JSON.stringify({ PhoneNumber: fixture })
            : method === "GET"
              ? `{"PhoneNumber":${JSON.stringify(rest).slice(0, -1)},"Name":${value}}}`
              : `{"PhoneNumber":${JSON.stringify(fixture)},"Deep":${value}}`,
        );
      }
      return texts.get(key)!;
    };
    let n = 0;
    const target = await startHostile((req, res) => {
      const headers = { "content-type": "application/json", "x-amzn-requestid": `deep-${++n}` };
      res.writeHead(200, headers).end(answer(req.headers["x-deep"] as string | undefined, req.method ?? "GET"));
    });
    t.teardown(() => target.close());
    const report = join(t.testdir(), "proxy.json");
    const recorded = join(t.testdir(), "recorded");
    const proxy = await startBuilt(
      "proxy",
      "--target",
      target.url,
      "--reporter",
      `json:${report}`,
      "--record",
      recorded,
    );
    const send = async (method: "GET" | "POST", deep?: string) => {
      const res = await fetch(`${proxy.url}${number}`, {
        method,
        headers: { "content-type": "application/json", ...(deep ? { "x-deep": deep } : {}) },
        ...(method === "POST" ? { body: '{"Name":"Deep"}' } : {}),
      });
      t.equal(res.status, 200, `${method} ${deep ?? "(a lawful answer)"}: 200`);
      t.ok(
        (await res.text()) === answer(deep, method),
        `${method} ${deep ?? "(a lawful answer)"}: the answer as it came`,
      );
    };
    let sent = 0;
    for (const shape of ["arrays", "objects", "mixed"] as const) {
      // Read twice: a read is compared with what the one before showed (S6), where the judge used to recurse. An
      // answer beyond what the proxy keeps (1 MiB) is never parsed, so once is enough.
      // As deep as the judge parses (the Name two levels down): compared, shown and recorded.
      for (const method of ["GET", "GET", "POST"] as const) await send(method, `${shape} ${maxJsonDepth - 2}`);
      for (const method of ["GET", "GET", "POST"] as const) await send(method, `${shape} 100000`);
      for (const method of ["GET", "POST"] as const) await send(method, `${shape} 1000000`);
      sent += 8;
    }
    await send("GET");
    sent++;
    const stopped = await proxy.stop();
    t.equal(stopped.code, 1, `a finding (${stopped.stderr.slice(-300)})`);
    // No crash, and no listener left behind each time the proxy waits for the client (Node warns at 11).
    t.notMatch(
      stopped.stderr,
      /RangeError|Maximum call stack|internal error|MaxListenersExceeded/,
      "no crash, no leak",
    );
    t.match(stopped.stderr, new RegExp(`chime-voice-contract proxy: ${sent} exchanges, \\d+ findings`), "each judged");
    const json = JSON.parse(readFileSync(report, "utf8")) as {
      cases: Array<{ findings: Array<{ check: string; rule: string; message: string }> }>;
    };
    const findings = json.cases.flatMap((c) => c.findings);
    t.ok(
      findings.some(
        (f) => f.check === "response_schema" && f.rule === "W4" && /the body nests 100002 levels deep/.test(f.message),
      ),
      "an answer that fits in what the proxy keeps is found nested deeper than the judge reads",
    );
    t.ok(
      findings.some((f) => f.check === "response_received" && /exceeds the read limit/.test(f.message)),
      "an answer larger than what the proxy keeps is found so",
    );
    t.ok(
      findings.some((f) => f.rule === "W4" && /: \/PhoneNumber\/Name must be string$/.test(f.message)),
      "a Name as deep as the judge reads is judged against the document",
    );
    const file = readdirSync(recorded).find((f) => f.endsWith(".yaml"));
    const recording = parse(readFileSync(join(recorded, file!), "utf8")) as { cases: Array<{ steps: unknown[] }> };
    // Each shape's two answers cut at what the proxy keeps are not recorded: there is no whole answer to expect.
    t.equal(recording.cases[0]!.steps.length, sent - 6, "every whole exchange recorded");
  },
);
