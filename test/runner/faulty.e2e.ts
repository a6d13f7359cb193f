import t from "tap";
import { expectCaught, runAgainst } from "./faulty/caught.js";
import { startServer } from "../../src/server/index.js";
import { startProxy } from "../../bench/support/faulty-proxy.js";
import { faultyTargets } from "./faulty/table.js";

// One suite run per faulty implementation: on a busy machine this file needs more than tap's 120 s.
t.setTimeout(600_000);

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

// Each run selects the cases the table names for its fault (`--case`; every one of them must fail, and a finding
// must cite the rule): the whole default run against each of the 41 took 34 s of CPU and 107 s here (a busy
// machine), these take 11 s and 59 s. The whole default run is the first test's, against the transparent proxy.
// One at a time: runs side by side in this one process share its one thread, and stretch each other past the
// bounded time on a busy machine.
t.test(
  `each of ${faultyTargets.length} faulty implementations is caught (exit 1), citing the rule it breaks`,
  async (t) => {
    t.ok(faultyTargets.length >= 20, "at least twenty faulty implementations");
    t.same(
      faultyTargets.filter((f) => !f.cases?.length).map((f) => f.name),
      [],
      "each names the cases that catch it",
    );
    for (const faulty of faultyTargets) await expectCaught(t, faulty, true);
  },
);
