// Regression: `test` ignored SIGINT and SIGTERM: after Ctrl-C a --generate run went on for 30 s and exited 0
// PASS, and CI cancellation could not stop the gate. On a signal the run stops within a second or two, writes
// every report marked interrupted, and exits 130 (SIGINT) or 143 (SIGTERM).
import t from "tap";
import { spawn } from "node:child_process";
import { cliArgv } from "../../../bench/reliability/serve-process.js";
import { startServer } from "../../../src/server/index.js";
import { startProxy } from "../../../bench/support/faulty-proxy.js";
import { readReports } from "./reports.js";
import { everyReporter } from "./target.js";

for (const [signal, code] of [
  ["SIGINT", 130],
  ["SIGTERM", 143],
] as const) {
  t.test(`test ignores signals: ${signal} stops a --generate run with exit ${code} and every report`, async (t) => {
    const server = await startServer({ logLevel: "silent" });
    // A target that answers in 20 ms: the generated phase then lasts well over the time the test waits.
    let answered = 0;
    const proxy = await startProxy(server.url, {
      response: async (_m, a) => {
        answered++;
        await new Promise((r) => setTimeout(r, 20));
        return a;
      },
    });
    t.teardown(async () => {
      await proxy.close();
      await server.close();
    });
    const dir = t.testdir();
    const [command, ...args] = cliArgv("source", [
      "test",
      "--target",
      proxy.url,
      "--generate",
      "--seed",
      "1",
      "--save-failures",
      `${dir}/failures.json`,
      ...everyReporter(dir),
    ]);
    const child = spawn(command!, args, { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => (stderr += String(c)));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (c) => resolve(c)));
    // Well into the run, however busy the machine: the hand-written cases have sent a good part of their requests.
    while (answered < 80) await new Promise((r) => setTimeout(r, 50));
    const sentAt = performance.now();
    child.kill(signal);
    const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    const exitCode = await exited;
    clearTimeout(timer);
    const seconds = (performance.now() - sentAt) / 1000;
    t.equal(exitCode, code, stderr.slice(-400));
    t.ok(seconds < 2.5, `stopped ${seconds.toFixed(2)} s after ${signal}`);
    const reports = await readReports(dir);
    t.equal(reports.json.exitCode, code);
    t.equal(reports.json.interrupted, signal);
    t.ok(reports.json.summary!.notRun > 0, `${reports.json.summary!.notRun} cases not run`);
    t.equal(reports.tap.count, reports.tap.plan.end, "TAP accounts for every case");
    t.match(reports.tap.text, new RegExp(`Bail out! the run was interrupted by ${signal}`));
    t.match(reports.junit, new RegExp(`<error message="the run was interrupted by ${signal}`));
    t.match(reports.human, new RegExp(`INTERRUPTED \\(${signal}\\)`));
    t.match(reports.html, /INTERRUPTED/);
  });
}

// Regression: Ctrl-C was reported as a failed W2 case ("connection failed ... interrupted"): the exchanges a signal
// cuts are the runner's doing, not the target's. Stopped during the fixture reads, nothing fails.
t.test("SIGINT during the fixture reads: exit 130, no case failed, no finding about the cut exchanges", async (t) => {
  const server = await startServer({ logLevel: "silent" });
  let answered = 0;
  const proxy = await startProxy(server.url, {
    response: async (_m, a) => {
      answered++;
      await new Promise((r) => setTimeout(r, 100));
      return a;
    },
  });
  t.teardown(async () => {
    await proxy.close();
    await server.close();
  });
  const dir = t.testdir();
  const [command, ...args] = cliArgv("source", ["test", "--target", proxy.url, ...everyReporter(dir)]);
  const child = spawn(command!, args, { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (c: Buffer) => (stderr += String(c)));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (c) => resolve(c)));
  // The probe and a few of the 46 fixture reads answered: the signal lands while reads are in flight.
  while (answered < 3) await new Promise((r) => setTimeout(r, 20));
  child.kill("SIGINT");
  t.equal(await exited, 130, stderr.slice(-400));
  const reports = await readReports(dir);
  const cases = reports.json.cases;
  t.same(
    cases.filter((c) => c.outcome === "failed"),
    [],
    "no case failed",
  );
  t.notMatch(JSON.stringify(cases), /"message":"[^"]*interrupted/, "no finding about it");
  t.match(reports.human, /INTERRUPTED \(SIGINT\)/);
});
