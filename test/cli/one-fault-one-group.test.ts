// Regression: a failing run's summary split one fault into hundreds of groups. Against a target that answers
// every request 500 with an HTML page, `Summary: 3677 findings in 1247 groups`; against one that only leaves out
// x-amzn-RequestId, `560 findings in 175 groups`, each a request's context (`[CallingName of digits only, ...]`,
// `putting Name back as it was:`) in front of the one fault. And `--max-failures 1` printed hundreds of lines.
// Now the context of a request is its own part of a finding: one fault is one group per check and rule, the
// summary shows each fault at once, and `--max-failures 1` prints about a screen and one case.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import t, { type Test } from "tap";
import { startProxy } from "../../bench/support/faulty-proxy.js";
import { startServer } from "../../src/server/index.js";
import { faultyTargets } from "../runner/faulty/table.js";
import { runCli } from "../helpers/cli.js";

/** A target that answers every request 500 with an HTML page, as a misconfigured gateway does. */
async function htmlErrors(t: Test): Promise<string> {
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => res.writeHead(500, { "content-type": "text/html" }).end("<h1>oops</h1>"));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const header = /^Summary: (\d+) findings? in (\d+) groups? of the same check, rule and fault/m;

type Report = { cases: Array<{ findings: Array<{ check: string; rule: string; message: string; context?: string }> }> };
const findingsOf = (file: string) =>
  (JSON.parse(readFileSync(file, "utf8")) as Report).cases.flatMap((c) => c.findings);

t.test("a target answering 500 in HTML: a few groups, every fault on the first screen", async (t) => {
  const target = await htmlErrors(t);
  const json = join(t.testdir(), "r.json");
  const r = await runCli("test", "--target", target, "--reporter", "human", "--reporter", `json:${json}`);
  t.equal(r.code, 1);
  const [, findings, groups] = header.exec(r.out) ?? [];
  t.ok(Number(findings) > 1_000, `${findings} findings`);
  // Per check and rule, the faults of this target: not found (a 500), not JSON, no envelope, no request id, and
  // each status expected instead. Each of 1,000 and more findings used to be nearly a group of its own.
  t.ok(Number(groups) < 100, `${groups} groups`);
  const entries = r.out.split("\n").filter((l) => /^ {2}\d+× /.test(l));
  t.ok(entries.length <= 12, `${entries.length} faults in the summary, each with the rules it was found under`);
  t.match(r.out, /^ {2}\d+× no_server_error \[W4, [^\]]*\] in 57 cases$/m, "one fault over many rules: one entry");
  // The JSON report keeps each request's context beside the fault, and the message as people read it.
  const contexts = findingsOf(json).filter((f) => f.context !== undefined);
  t.ok(contexts.length > 100, `${contexts.length} findings with a context`);
  t.ok(
    contexts.every((f) => f.message.startsWith(`[${f.context}] `)),
    "each message starts with its context",
  );
  const screen = r.out.split("\n").slice(0, 50).join("\n");
  for (const fault of [
    "no x-amzn-RequestId header",
    "the 500 response has no x-amzn-ErrorType header",
    "Content-Type is 'text/html', not application/json",
    "the error body is not a JSON object with Code and Message",
    "the body is not JSON",
    "the target answered 500 to a client's request",
    "the case expects status",
    "the read-back (GetPhoneNumber) expects status 200",
  ])
    t.ok(screen.includes(fault), `the first 50 lines show '${fault}'`);
  t.notMatch(screen, /\d+ more (groups|faults)/, "no fault left off the summary");
});

t.test("--max-failures 1: the summary and one case, about a screen", async (t) => {
  const target = await htmlErrors(t);
  const r = await runCli("test", "--target", target, "--max-failures", "1");
  t.equal(r.code, 1);
  const lines = r.out.split("\n");
  t.ok(lines.length <= 100, `${lines.length} lines`);
  t.match(r.out, /^Failures \(57\), the first 1 \(--max-failures\):$/m);
  t.match(r.out, /^ {2}target-holds-fixtures: /m, "the first failing case is listed");
  t.match(r.out, /\d+ more exchanges with the same findings/, "its repeated exchanges counted, not printed again");
});

t.test("a target that only leaves out x-amzn-RequestId: one fault, the context kept in the list", async (t) => {
  const fault = faultyTargets.find((f) => f.name === "no x-amzn-RequestId")!;
  const server = await startServer({ host: "127.0.0.1", port: 0, logLevel: "silent" });
  const proxy = await startProxy(server.url, fault);
  t.teardown(async () => {
    await proxy.close();
    await server.close();
  });
  const r = await runCli("test", "--target", proxy.url);
  t.equal(r.code, 1);
  // One group per rule it is found under: W2 in the answers that succeed, W3 in the errors.
  t.match(r.out, /^Summary: \d+ findings in 2 groups of the same check, rule and fault$/m);
  t.match(r.out, /^ {2}\d+× request_id \[W2, W3\] in \d+ cases\n {6}no x-amzn-RequestId header$/m);
  t.equal(r.out.split("\n").filter((l) => /^ {2}\d+× /.test(l)).length, 1, "one fault in the summary");
  // Each finding in the list still says which request it was about.
  t.match(
    r.out,
    /✗ request_id \[W[23]\]: \[CallingName [^\]]*, body \{"CallingName":[^\]]*\] no x-amzn-RequestId header/,
  );
  t.match(r.out, /✗ request_id \[W2\]: \[putting Name back as it was\] no x-amzn-RequestId header/);
});
