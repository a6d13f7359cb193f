// The faulty implementations only an optional group catches, run with the group's flags through the proxy: each
// one the traffic shows, the proxy reports as the runner does, citing the same rule; the others say in the table
// why the traffic alone cannot show them (the target's configuration, or keys the proxy does not hold).
import t from "tap";
import { startServer } from "../../src/server/index.js";
import { startProxy } from "../../bench/support/faulty-proxy.js";
import { groupFaultyTargets } from "../runner/faulty/table.js";
import { throughProxy } from "./through-proxy.js";

// Suite runs through the proxy, some against targets that stall until a timeout: more than tap's 120 s on a
// busy machine.
t.setTimeout(300_000);

const seen = groupFaultyTargets.filter((f) => f.unseenByProxy === undefined);

t.test("every group fault is judged through the proxy or says why the traffic cannot show it", async (t) => {
  for (const f of groupFaultyTargets)
    t.ok(f.unseenByProxy === undefined || f.unseenByProxy.length > 20, `${f.name}: ${f.unseenByProxy ?? "judged"}`);
  t.ok(seen.length >= 3, `${seen.length} of ${groupFaultyTargets.length} judged through the proxy`);
});

t.test("group faults the traffic shows: the proxy reports the fault the runner reports (both exit 1)", async (t) => {
  for (const faulty of seen) {
    await t.test(`${faulty.rule}: ${faulty.name}`, async (t) => {
      const server = await startServer({ host: "127.0.0.1", port: 0, ...faulty.server });
      const broken = await startProxy(server.url, faulty);
      t.teardown(async () => {
        await broken.close();
        await server.close();
      });
      const r = await throughProxy(broken.url, t.testdir(), faulty.flags, faulty.proxyFlags);
      t.equal(r.runner.code, 1, `the runner exits 1 (${r.runner.err.trim()})`);
      t.equal(r.proxyCode, 1, `the proxy exits 1 (${r.proxyErr.trim().split("\n").slice(-3).join(" | ")})`);
      t.ok(r.runnerRules.includes(faulty.rule!), `the runner cites ${faulty.rule}`);
      t.ok(
        r.proxyRules.includes(faulty.rule!),
        `the proxy cites ${faulty.rule} (cited: ${[...new Set(r.proxyRules)].join(", ")})`,
      );
    });
  }
});

t.test("the groups against the reference server through the proxy: no finding from either", async (t) => {
  for (const [flags, server, proxyFlags] of [
    [["--tags", "throttling"], { rateLimit: 5 }, []],
    [
      ["--calling-name-delay", "1s", "--case", "completion-*"],
      { callingNameDelayMs: 1_000 },
      ["--calling-name-delay", "1s"],
    ],
    [["--tags", "s8"], { latencyMs: 300 }, []],
  ] as const) {
    const target = await startServer({ host: "127.0.0.1", port: 0, ...server });
    const r = await throughProxy(target.url, t.testdir(), [...flags], [...proxyFlags]);
    await target.close();
    t.equal(r.runner.code, 0, `${flags.join(" ")}: the runner passes (${r.runner.err.trim()})`);
    t.equal(r.proxyCode, 0, `${flags.join(" ")}: the proxy finds nothing (${r.proxyErr.trim()})`);
  }
});
