// Part 6 of the reliability run, short: two replicas on one PostgreSQL database under a mixed load through
// both, one killed with SIGKILL half-way; every number ends as the model of every update answered 200.
import t from "tap";
import { replicasMidLoadKill } from "../../bench/reliability/replicas.js";
import { defaultFixturesPath, loadContract, loadFixtures } from "../../src/contract/index.js";

t.test("S7/S8 across replicas: kill -9 of one under load loses no update answered 200 and invents none", async (t) => {
  const contract = await loadContract();
  const fixtures = await loadFixtures(defaultFixturesPath, contract);
  const result = await replicasMidLoadKill({
    build: "source",
    contract,
    fixtures,
    loadMs: 3_000,
    readers: 4,
    seed: 17,
  });
  t.same(result.findings, [], result.figures.join(", "));
  t.ok(result.pass);
  t.match(result.figures.join(", "), /in flight on it at the kill/);
});
