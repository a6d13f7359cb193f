// DESIGN "The validating proxy": `test --target PROXY` through the proxy to each faulty implementation of the
// runner's table; whatever the runner reports, the proxy reports too, from the traffic alone (exit 1).
import t from "tap";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startServer } from "../../src/server/index.js";
import { faultsReportedByBoth, throughProxy } from "./through-proxy.js";

// Suite runs through the proxy, some against targets that stall until a timeout: more than tap's 120 s on a
// busy machine.
t.setTimeout(300_000);

t.test("the reference server through the proxy: the runner passes and the proxy finds nothing (exit 0)", async (t) => {
  const server = await startServer({ host: "127.0.0.1", port: 0 });
  t.teardown(() => server.close());
  const r = await throughProxy(server.url, t.testdir());
  t.equal(r.runner.code, 0, r.runner.err);
  t.equal(r.proxyCode, 0, r.proxyErr);
  t.same(r.proxyRules, []);
  const report = JSON.parse(readFileSync(join(t.testdirName, "proxy.json"), "utf8")) as {
    summary: { total: number; failed: number };
    cases: Array<{ title: string; requests: number }>;
  };
  const exchanges = Number(/(\d+) exchanges, 0 findings/.exec(r.proxyErr)?.[1]);
  t.ok(exchanges > 100, `every exchange of the suite judged (${exchanges})`);
  t.equal(report.summary.failed, 0);
  // Passed exchanges are counted in one case per operation and answer, so that a long session stays bounded.
  t.equal(
    report.cases.reduce((n, c) => n + c.requests, 0),
    exchanges,
    "the cases count every exchange",
  );
  t.ok(report.cases.length < 20, `${report.cases.length} cases: ${report.cases.map((c) => c.title).join("; ")}`);
});

t.test("faulty implementations: the proxy reports the fault the runner reports (both exit 1)", (t) =>
  faultsReportedByBoth(t),
);
