// `npx chime-voice-contract` in a clone, as the README and docs say it: the build leaves the bin executable.
// Regression: tsc writes new files 0644 and npm marks bins executable only in the packages it installs, so in a fresh
// clone `npx --no-install chime-voice-contract` was "sh: 1: chime-voice-contract: Permission denied" (exit 127).
import t from "tap";
import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { packageRoot } from "../../src/contract/index.js";

const run = promisify(execFile);
const pkg = JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8")) as {
  version: string;
  bin: Record<string, string>;
};

t.test("the build step makes every bin executable, keeping the rest of its mode", async (t) => {
  const dir = t.testdir();
  mkdirSync(join(dir, "out"));
  const bins = { one: "out/one.js", two: "out/two.js" };
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "x", bin: bins }));
  writeFileSync(join(dir, bins.one), "#!/usr/bin/env node\n", { mode: 0o644 });
  writeFileSync(join(dir, bins.two), "#!/usr/bin/env node\n", { mode: 0o600 });
  await run(process.execPath, [join(packageRoot, "scripts", "bin-executable.mjs"), dir]);
  t.equal(statSync(join(dir, bins.one)).mode & 0o777, 0o755);
  t.equal(statSync(join(dir, bins.two)).mode & 0o777, 0o711);
});

t.test("this checkout's build: the bin is executable and npx runs it", async (t) => {
  for (const file of Object.values(pkg.bin))
    t.not(statSync(join(packageRoot, file)).mode & 0o111, 0, `${file} is executable`);
  const { stdout } = await run("npx", ["--no-install", "chime-voice-contract", "--version"], { cwd: packageRoot });
  t.equal(stdout.trim(), pkg.version);
});
