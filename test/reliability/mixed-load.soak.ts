// Part 1 of the reliability run, short: a 3-second mixed load at capacity against `serve` as a child process.
import t from "tap";
import { defaultFixturesPath, loadContract, loadFixtures } from "../../src/contract/index.js";
import { mixedLoad } from "../../bench/reliability/mixed-load.js";
import { startServe } from "../../bench/reliability/serve-process.js";

t.test(
  "a mixed load at capacity: no 5xx, no connection error, 4xx as expected (V1-V8, S1, S2, S5, W5), no lost update (S7, S8), RSS steady",
  async (t) => {
    const contract = await loadContract();
    const fixtures = await loadFixtures(defaultFixturesPath, contract);
    const server = await startServe("source");
    t.teardown(() => server.kill("SIGKILL"));
    const result = await mixedLoad(server, { contract, fixtures, durationMs: 3_000, warmupMs: 1_000, seed: 7 });
    t.same(result.findings, [], result.figures.join(", "));
    t.ok(result.pass);
    t.ok(server.alive(), "the server is still up");
  },
);
