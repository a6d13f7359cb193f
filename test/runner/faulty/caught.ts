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
  let failed: string[] = [];
  try {
    const json = JSON.parse(readFileSync(report, "utf8")) as {
      cases: Array<{ id: string; outcome: string; findings: Array<{ rule: string }> }>;
    };
    rules = json.cases.flatMap((c) => c.findings.map((f) => f.rule));
    failed = json.cases.filter((c) => c.outcome === "failed").map((c) => c.id);
  } catch {
    // No report: the run could not be made; the exit code says so.
  }
  return { code, rules, failed, seconds, stderr: err };
}

/**
 * Environment variables set for the runs that need them (credentials for `--sign sigv4`) while any such run is
 * going, and put back once the last one ends (so that runs may overlap).
 */
const leases = new Map<string, { count: number; before: string | undefined }>();
function leaseEnv(env: Record<string, string>): () => void {
  for (const [k, v] of Object.entries(env)) {
    const lease = leases.get(k);
    if (lease && process.env[k] !== v) throw new Error(`${k}: two runs side by side need different values`);
    if (lease) lease.count++;
    else leases.set(k, { count: 1, before: process.env[k] });
    process.env[k] = v;
  }
  return () => {
    for (const k of Object.keys(env)) {
      const lease = leases.get(k)!;
      if (--lease.count > 0) continue;
      leases.delete(k);
      if (lease.before === undefined) delete process.env[k];
      else process.env[k] = lease.before;
    }
  };
}

/**
 * A subtest per faulty implementation: the suite, with its flags, server mode and environment, catches it.
 * With `narrow`, only the cases the table names for it run (`--case`), and each of them (or of those it names
 * as catching it) must fail.
 */
export function expectCaught(t: Test, faulty: FaultyTarget, narrow = false): Promise<unknown> {
  return t.test(faulty.rule ? `${faulty.rule}: ${faulty.name}` : faulty.name, async (t) => {
    const server = await startServer({ host: "127.0.0.1", port: 0, ...faulty.server });
    const proxy = await startProxy(server.url, faulty);
    const release = leaseEnv(faulty.env ?? {});
    t.teardown(async () => {
      release();
      await proxy.close();
      await server.close();
    });
    const selected = narrow ? (faulty.cases ?? []) : [];
    const r = await runAgainst(proxy.url, t.testdir(), [
      ...(faulty.flags ?? []),
      ...selected.flatMap((id) => ["--case", id]),
    ]);
    t.equal(r.code, 1, `exit 1 (${r.stderr.trim()})`);
    if (faulty.rule)
      t.ok(
        r.rules.includes(faulty.rule),
        `a finding cites ${faulty.rule} (cited: ${[...new Set(r.rules)].join(", ")})`,
      );
    for (const id of narrow ? (faulty.caughtBy ?? selected) : [])
      t.ok(r.failed.includes(id), `${id} fails (failed: ${r.failed.join(", ")})`);
    t.ok(r.seconds < 30, `bounded time (${r.seconds.toFixed(1)} s)`);
  });
}
