// Part 4 of the reliability run: `serve --store sqlite:PATH` killed with SIGKILL while every writer has an
// update in flight, then started again on the same file. (test/server/durability.test.ts covers sequential
// updates and a kill between them; this is the kill in the middle of concurrent ones.)
import t from "tap";
import { defaultFixturesPath, loadContract, loadFixtures } from "../../src/contract/index.js";
import { killMidLoad } from "../../bench/reliability/crash.js";

t.test("S7/S8 with --store sqlite: kill -9 mid-load loses no update answered 200 and invents none", async (t) => {
  const contract = await loadContract();
  const fixtures = await loadFixtures(defaultFixturesPath, contract);
  const result = await killMidLoad({ build: "source", fixtures, loadMs: 1_500, seed: 11 });
  t.same(result.findings, [], result.figures.join(", "));
  t.ok(result.pass);
});
