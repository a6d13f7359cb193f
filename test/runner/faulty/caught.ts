// One faulty implementation behind the faulty proxy, the suite run against it, and what the run must show:
// exit 1, a finding citing the rule it breaks, in bounded time. Shared by the default table's test and the
// optional groups' one.
import type { Test } from "tap";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startServer } from "../../../src/server/index.js";
import { runCli } from "../../helpers/cli.js";
import { startProxy } from "../../../bench/support/faulty-proxy.js";
import type { FaultyTarget } from "./table.js";

/** One run of `chime-voice-contract test --target URL`, with the JSON report kept to see which rules failed. */
export async function runAgainst(url: string, dir: string, flags: string[] = []) {
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

/** A subtest per faulty implementation: the suite, with its flags, server mode and environment, catches it. */
export async function expectCaught(t: Test, faulty: FaultyTarget): Promise<void> {
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
