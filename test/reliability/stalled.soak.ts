// Part 3 of the reliability run: 100 stalled connections beside a client making 200 requests. The server runs
// in process with a short headers timeout, so that the bound is checked in seconds rather than the default 11.
import t from "tap";
import { defaultFixturesPath, loadContract, loadFixtures } from "../../src/contract/index.js";
import { startServer } from "../../src/server/index.js";
import { stalledConnections } from "../../bench/reliability/stalled.js";

t.test(
  "W5: 100 stalled connections do not stop the server answering 200 others, and each is closed by the headers timeout with a 400",
  async (t) => {
    const contract = await loadContract();
    const fixtures = await loadFixtures(defaultFixturesPath, contract);
    const timeouts = { headersMs: 1_500, checkIntervalMs: 250 };
    const running = await startServer({ logLevel: "silent", timeouts });
    t.teardown(() => running.close());
    const result = await stalledConnections(
      { url: running.url, alive: () => true, timeouts },
      { contract, fixtures, stalled: 100, requests: 200, slackMs: 750 },
    );
    t.same(result.findings, [], result.figures.join(", "));
    t.ok(result.pass);
  },
);
