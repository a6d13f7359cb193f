// better-sqlite3 12 under Node 24 aborts the process (`Assertion failed: (env) != nullptr`, exit 134) when the
// garbage collector frees one of its statements or databases at the wrong moment: `serve --store sqlite:PATH`
// died at start in 6 of 12 tries on the Node 24 CI line. Stores opened and closed with garbage made between
// them, in a process of their own on the Node line under test: before the store held its driver objects, this
// aborted in 4 of 4 runs on Node 24.21.0.
import t from "tap";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { packageRoot } from "../../src/contract/index.js";

const storeModule = pathToFileURL(join(packageRoot, "dist/src/server/sqlite-store.js")).href;

t.test("stores opened, used and closed while garbage is collected: the process lives and exits 0", (t) => {
  const dir = mkdtempSync(join(tmpdir(), "cvc-sqlite-gc-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const script = `
    const { openSqliteStore } = await import(${JSON.stringify(storeModule)});
    for (let i = 0; i < 30; i++) {
      const store = await openSqliteStore(${JSON.stringify(dir)} + "/s" + i + ".db", [], { synchronous: i % 2 ? "NORMAL" : "FULL" });
      store.list();
      store.close();
      await new Promise((resolve) => setTimeout(resolve, 5));
      for (let k = 0; k < 3000; k++) new Array(100).fill(k);
    }
    console.log("30 stores");`;
  const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", timeout: 60_000 });
  t.equal(run.signal, null, `no signal (${run.stderr.split("\n").slice(0, 3).join(" ")})`);
  t.equal(run.status, 0, `exit 0 on Node ${process.version}`);
  t.match(run.stdout, /^30 stores$/m);
  t.end();
});
