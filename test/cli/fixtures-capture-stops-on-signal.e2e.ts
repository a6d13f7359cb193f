// Regression: `fixtures capture` went on after SIGINT and SIGTERM, waiting out each 429's back-off (`--sign
// sigv4`), and wrote the file and exited 0 seconds later. A signal now ends the read in flight and the back-off
// being waited out: nothing is written, exit 130 or 143. The built command line (`npm run build` first) against
// the reference server verifying SigV4 at a rate limit of one request a second.
import t from "tap";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { startServer } from "../../src/server/index.js";
import { startCli } from "../helpers/cli-process.js";

const after = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** `what` once `ms` have passed, on a timer that does not hold the test open. */
const unless = <T>(ms: number, what: T) => new Promise<T>((resolve) => setTimeout(resolve, ms, what).unref());
const key = { accessKeyId: "AKIDCAPTURESTOP", secretAccessKey: "capture-stop-secret" };
// Twelve numbers at one a second, most after a 429 and its back-off: the capture lasts well past the signal.
const numbers = Array.from({ length: 12 }, (_, i) => `+120655501${String(i).padStart(2, "0")}`);

for (const [signal, code] of [
  ["SIGINT", 130],
  ["SIGTERM", 143],
] as const) {
  t.test(`fixtures capture --sign sigv4: ${signal} stops it at once, exit ${code}, nothing written`, async (t) => {
    const server = await startServer({ logLevel: "silent", auth: { credentials: [key] }, rateLimit: 1 });
    let received = 0;
    server.server.server.on("request", () => received++);
    t.teardown(() => server.close());
    const out = join(t.testdir(), "fixtures.json");
    const { AWS_PROFILE: _p, AWS_SESSION_TOKEN: _s, ...env } = process.env;
    const cli = startCli(
      ["fixtures", "capture", "--target", server.url, "--sign", "sigv4", "--numbers", numbers.join(","), "--out", out],
      { ...env, AWS_ACCESS_KEY_ID: key.accessKeyId, AWS_SECRET_ACCESS_KEY: key.secretAccessKey },
    );
    const { child } = cli;
    t.teardown(() => void (child.exitCode === null && child.signalCode === null && child.kill("SIGKILL")));
    // The first read answered, the second throttled: its back-off is under way.
    for (const started = performance.now(); received < 2; await after(20))
      if (performance.now() - started > 30_000) throw new Error(`${received} requests in 30 s: ${cli.stderr()}`);
    const sentAt = performance.now();
    child.kill(signal);
    const exitCode = await Promise.race([cli.exited, unless(15_000, "still running 15 s after the signal")]);
    const seconds = (performance.now() - sentAt) / 1000;
    t.equal(exitCode, code, cli.stderr().slice(-400));
    t.ok(seconds < 2, `stopped ${seconds.toFixed(2)} s after ${signal}`);
    t.match(cli.stderr(), `interrupted by ${signal}; nothing written`);
    t.notOk(existsSync(out), "no fixtures file");
  });
}
