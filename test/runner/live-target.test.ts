// DESIGN "The runner against a live target": a target started once and tested again and again, a target whose
// numbers ran out, and a target that does not hold a fixture number.
import t from "tap";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../helpers/cli.js";
import { startServer } from "../../src/server/index.js";
import { startProxy } from "../../bench/support/faulty-proxy.js";
import { faultyTargets } from "./faulty/table.js";

interface Report {
  exitCode: number;
  cases: Array<{ id: string; outcome: string; reason?: string; findings: Array<{ rule: string; message: string }> }>;
}

async function run(url: string, file: string, ...flags: string[]) {
  const r = await runCli("test", "--target", url, "--reporter", `json:${file}`, ...flags);
  let report: Report | undefined;
  try {
    report = JSON.parse(readFileSync(file, "utf8")) as Report;
  } catch {
    // Exit 2 before the first case: no report.
  }
  return { ...r, report };
}

t.test("three default runs in a row against one target pass, selecting and running the same cases", async (t) => {
  const server = await startServer({ host: "127.0.0.1", port: 0 });
  t.teardown(() => server.close());
  const dir = t.testdir();
  const runs: Array<string[]> = [];
  for (const n of [1, 2, 3]) {
    const r = await run(server.url, join(dir, `r${n}.json`));
    t.equal(r.code, 0, `run ${n}: exit 0 (${r.err.trim()})`);
    t.ok(
      r.report?.cases.every((c) => c.outcome === "passed"),
      `run ${n}: every case ran and passed`,
    );
    runs.push(r.report?.cases.map((c) => c.id).sort() ?? []);
  }
  t.same(runs[1], runs[0], "run 2 selected what run 1 did");
  t.same(runs[2], runs[0], "run 3 selected what run 1 did");

  const fourth = await run(server.url, join(dir, "r4.json"));
  t.equal(fourth.code, 2, "a fourth run: the numbers a calling-name case needs have run out");
  t.equal(fourth.err.trim().split("\n").length, 1, "one line");
  t.match(fourth.err, /no number is left on the target in the state case '[^']+' needs/);
  t.match(fourth.err, /POST \/_control\/reset/);
  t.match(fourth.err, /--reset-url URL/);
  t.match(fourth.err, /more fixtures/);

  const reset = await run(server.url, join(dir, "r5.json"), "--reset-url", `${server.url}/_control/reset`);
  t.equal(reset.code, 0, `--reset-url puts the numbers back before the run (${reset.err.trim()})`);
});

// Regression: against a target whose calling-name delay is short, a run without --calling-name-delay exited 2
// saying that updates stay pending "72 hours", which the target's did not.
t.test("a target with a short calling-name delay, run without --calling-name-delay: the message says so", async (t) => {
  const server = await startServer({ host: "127.0.0.1", port: 0, callingNameDelayMs: 300 });
  t.teardown(() => server.close());
  await new Promise((r) => setTimeout(r, 500));
  const r = await run(server.url, join(t.testdir(), "r.json"));
  t.equal(r.code, 2);
  t.equal(r.err.trim().split("\n").length, 1, "one line");
  t.match(r.err, /which the fixtures describe as pending, with their calling-name updates completed/);
  t.match(
    r.err,
    /calling-name delay is shorter than the service's 72 hours: give it with --calling-name-delay DURATION/,
  );
  const fixed = await run(server.url, join(t.testdir(), "r2.json"), "--calling-name-delay", "300ms");
  t.equal(fixed.code, 0, `with the delay given the run passes (${fixed.err.trim()})`);
});

t.test("--reset-url that does not answer 2xx is exit 2, naming it", async (t) => {
  const server = await startServer({ host: "127.0.0.1", port: 0 });
  t.teardown(() => server.close());
  const r = await run(server.url, join(t.testdir(), "r.json"), "--reset-url", `${server.url}/_control/nothing-here`);
  t.equal(r.code, 2);
  t.match(r.err, /--reset-url http:\/\/127\.0\.0\.1:\d+\/_control\/nothing-here: answered 404, not 2xx/);
});

t.test(
  "a fixture number the target answers 404 is one finding naming it; the case needing it is not run",
  async (t) => {
    const fault = faultyTargets.find((f) => f.name === "a fixture number unknown to the target (404)")!;
    const server = await startServer({ host: "127.0.0.1", port: 0 });
    const proxy = await startProxy(server.url, fault);
    t.teardown(async () => {
      await proxy.close();
      await server.close();
    });
    const r = await run(proxy.url, join(t.testdir(), "r.json"));
    t.equal(r.code, 1, r.err);
    const cases = r.report!.cases;
    t.equal(cases[0]!.id, "target-holds-fixtures", "reported first");
    t.equal(cases[0]!.outcome, "failed");
    t.equal(cases[0]!.findings.length, 1, "one finding");
    t.match(cases[0]!.findings[0]!.message, /\+18005550120 \(answered 404 NotFoundException\)/);
    const notRun = cases.filter((c) => c.outcome === "not-run");
    t.same(
      notRun.map((c) => c.id),
      ["W2-success-envelope"],
      "the one case whose number only that fixture fits",
    );
    t.match(notRun[0]!.reason, /does not hold \+18005550120/);
    t.same(
      cases.filter((c) => c.outcome === "failed").map((c) => c.id),
      ["target-holds-fixtures"],
      "no case fails because of it",
    );
  },
);
