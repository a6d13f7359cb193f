import t from "tap";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../helpers/cli.js";
import { startServer } from "../../src/server/index.js";
import { startProxy } from "./faulty/proxy.js";
import { faultyTargets } from "./faulty/table.js";

// One whole suite run per faulty implementation: on a busy machine this file needs more than tap's 120 s.
t.setTimeout(600_000);

/** One run of `chime-voice-contract test --target URL`, with the JSON report kept to see which rules failed. */
async function runAgainst(url: string, dir: string, flags: string[] = []) {
  const report = join(dir, "report.json");
  const started = performance.now();
  const { code, err } = await runCli("test", "--target", url, "--reporter", `json:${report}`, ...flags);
  const seconds = (performance.now() - started) / 1000;
  let rules: string[] = [];
  try {
    const json = JSON.parse(readFileSync(report, "utf8")) as { cases: Array<{ findings: Array<{ rule: string }> }> };
    rules = json.cases.flatMap((c) => c.findings.map((f) => f.rule));
  } catch {
    // No report: the run could not be made; the exit code says so.
  }
  return { code, rules, seconds, stderr: err };
}

t.test("the reference server behind a transparent proxy conforms (exit 0)", async (t) => {
  const server = await startServer({ host: "127.0.0.1", port: 0 });
  const proxy = await startProxy(server.url, {});
  t.teardown(async () => {
    await proxy.close();
    await server.close();
  });
  const r = await runAgainst(proxy.url, t.testdir());
  t.equal(r.code, 0, r.stderr);
  t.same(r.rules, []);
});

t.test(
  `each of ${faultyTargets.length} faulty implementations is caught (exit 1), citing the rule it breaks`,
  async (t) => {
    t.ok(faultyTargets.length >= 20, "at least twenty faulty implementations");
    for (const faulty of faultyTargets) {
      await t.test(faulty.rule ? `${faulty.rule}: ${faulty.name}` : faulty.name, async (t) => {
        const server = await startServer({ host: "127.0.0.1", port: 0, ...faulty.server });
        const proxy = await startProxy(server.url, faulty);
        const saved = Object.fromEntries(Object.keys(faulty.env ?? {}).map((k) => [k, process.env[k]]));
        Object.assign(process.env, faulty.env);
        t.teardown(async () => {
          for (const [k, v] of Object.entries(saved)) {
            if (v === undefined) delete process.env[k];
            else process.env[k] = v;
          }
          await proxy.close();
          await server.close();
        });
        const r = await runAgainst(proxy.url, t.testdir(), faulty.flags);
        t.equal(r.code, 1, `exit 1 (${r.stderr.trim()})`);
        if (faulty.rule)
          t.ok(
            r.rules.includes(faulty.rule),
            `a finding cites ${faulty.rule} (cited: ${[...new Set(r.rules)].join(", ")})`,
          );
        t.ok(r.seconds < 30, `bounded time (${r.seconds.toFixed(1)} s)`);
      });
    }
  },
);
