// `test --target PROXY` through the proxy to a target: the runner's verdict and the proxy's, side by side.
import type { Test } from "tap";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../helpers/cli.js";
import { defaultFixturesPath } from "../../src/contract/paths.js";
import { parseDuration } from "../../src/duration.js";
import { startServer } from "../../src/server/index.js";
import { startProxy } from "../../bench/support/faulty-proxy.js";
import { faultyTargets } from "../runner/faulty/table.js";
import { findingChecks, findingRules, startProxyCommand } from "./helpers.js";

export async function throughProxy(target: string, dir: string, flags: string[] = [], proxyFlags: string[] = []) {
  // The proxy is told the fixtures the runner is told, as a team pointing both at one target would, and a timeout
  // under the runner's: a target that stalls is judged by the proxy before the runner gives up on it.
  const runnerTimeout = flags.includes("--timeout")
    ? (parseDuration(flags[flags.indexOf("--timeout") + 1]!) ?? 5_000)
    : 5_000;
  const proxy = await startProxyCommand(
    "--target",
    target,
    "--timeout",
    `${Math.floor(runnerTimeout * 0.8)}ms`,
    "--fixtures",
    defaultFixturesPath,
    "--reporter",
    `json:${join(dir, "proxy.json")}`,
    ...proxyFlags,
  );
  const report = join(dir, "runner.json");
  const runner = await runCli("test", "--target", proxy.url, "--reporter", `json:${report}`, ...flags);
  const proxyCode = await proxy.stop();
  let runnerRules: string[] = [];
  let runnerChecks: string[] = [];
  try {
    const json = JSON.parse(readFileSync(report, "utf8")) as {
      cases: Array<{ findings: Array<{ rule: string; check: string }> }>;
    };
    runnerRules = json.cases.flatMap((c) => c.findings.map((f) => f.rule));
    runnerChecks = json.cases.flatMap((c) => c.findings.map((f) => `${f.check} [${f.rule}]`));
  } catch {
    // No report: the runner's exit code says why.
  }
  return {
    runner,
    runnerRules,
    runnerChecks,
    proxyCode,
    proxyRules: findingRules(proxy.output.err),
    proxyChecks: findingChecks(proxy.output.err),
    proxyErr: proxy.output.err,
  };
}

/**
 * Each faulty implementation of the runner's table, the runner run through the proxy on the cases the table names
 * for it (`--case`, as test/runner/faulty.e2e.ts runs them): the whole default run against each took about four
 * times as long; the whole run through the proxy is faulty.e2e.ts's first test, and a fault's own where the
 * table says why (`wholeRunThroughProxy`).
 */
export async function faultsReportedByBoth(t: Test): Promise<void> {
  for (const faulty of faultyTargets) {
    await t.test(faulty.rule ? `${faulty.rule}: ${faulty.name}` : faulty.name, async (t) => {
      const server = await startServer({ host: "127.0.0.1", port: 0 });
      const broken = await startProxy(server.url, faulty);
      t.teardown(async () => {
        await broken.close();
        await server.close();
      });
      const selected = faulty.wholeRunThroughProxy ? [] : (faulty.cases ?? []).flatMap((id) => ["--case", id]);
      const r = await throughProxy(broken.url, t.testdir(), [...(faulty.flags ?? []), ...selected]);
      t.equal(r.runner.code, 1, `the runner exits 1 (${r.runner.err.trim()})`);
      t.equal(r.proxyCode, 1, "the proxy exits 1");
      if (faulty.rule) {
        t.ok(r.runnerRules.includes(faulty.rule), `the runner cites ${faulty.rule}`);
        t.ok(
          r.proxyRules.includes(faulty.rule),
          `the proxy cites ${faulty.rule} (cited: ${[...new Set(r.proxyRules)].join(", ")})`,
        );
        // One judge: where the proxy reports the fault, it names the check and rule the runner names.
        const proxyCites = [...new Set(r.proxyChecks.filter((c) => c.endsWith(`[${faulty.rule}]`)))];
        const runnerCites = new Set(r.runnerChecks);
        t.same(
          proxyCites.filter((c) => !runnerCites.has(c)),
          [],
          `each check the proxy cites for ${faulty.rule} the runner cites too (proxy: ${proxyCites.join(", ")}; runner: ${[...runnerCites].filter((c) => c.endsWith(`[${faulty.rule}]`)).join(", ")})`,
        );
      } else t.ok(r.proxyRules.length > 0, `the proxy reports the broken exchanges (${r.proxyRules.length})`);
    });
  }
}
