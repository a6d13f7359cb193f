// Regression: under `--rate` a signal took tens of seconds to stop `test` (`--rate 1`: 46 s, `--rate 2`: 21 s):
// every request queued behind the pacing (up to --concurrency) slept out its slot before it saw the stop. DESIGN
// "The runner as a client": SIGINT and SIGTERM stop a run within seconds, with the reports written. The built
// command line (`npm run build` first), as a user runs it.
import t from "tap";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startServer } from "../../src/server/index.js";
import { startCli } from "../helpers/cli-process.js";

const after = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** `what` once `ms` have passed, on a timer that does not hold the test open. */
const unless = <T>(ms: number, what: T) => new Promise<T>((resolve) => setTimeout(resolve, ms, what).unref());

for (const [signal, code] of [
  ["SIGINT", 130],
  ["SIGTERM", 143],
] as const) {
  t.test(`--rate 1: ${signal} stops the run within seconds, exit ${code}, the report written`, async (t) => {
    const server = await startServer({ logLevel: "silent" });
    let received = 0;
    server.server.server.on("request", () => received++);
    t.teardown(() => server.close());
    const report = join(t.testdir(), "report.json");
    const cli = startCli(["test", "--target", server.url, "--rate", "1", "--reporter", `json:${report}`]);
    const { child } = cli;
    t.teardown(() => void (child.exitCode === null && child.signalCode === null && child.kill("SIGKILL")));
    // The probe, then the first paced fixture read a second later: the other reads are queued on their slots.
    for (const started = performance.now(); received < 2; await after(20))
      if (performance.now() - started > 30_000) throw new Error(`${received} requests in 30 s: ${cli.stderr()}`);
    const sentAt = performance.now();
    const receivedAtSignal = received;
    child.kill(signal);
    const exitCode = await Promise.race([cli.exited, unless(15_000, "still running 15 s after the signal")]);
    const seconds = (performance.now() - sentAt) / 1000;
    t.equal(exitCode, code, cli.stderr().slice(-400));
    t.ok(seconds < 5, `stopped ${seconds.toFixed(2)} s after ${signal}`);
    t.ok(
      received <= receivedAtSignal + 1,
      `no paced request went out after the signal (${received - receivedAtSignal})`,
    );
    const json = JSON.parse(readFileSync(report, "utf8")) as { exitCode: number; interrupted: string };
    t.equal(json.exitCode, code, "the report has the signal's exit code");
    t.equal(json.interrupted, signal, "the report is marked interrupted");
  });
}
