// The import rules of .dependency-cruiser.cjs, each seen to fail: a copy of src/ and bench/ in a temporary folder
// gets one forbidden import at a time, and `depcruise` must name the rule it breaks (the tree itself is never
// touched, so other tests running at once see nothing of it).
import t from "tap";
import { execFile } from "node:child_process";
import { cpSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { packageRoot } from "../../src/contract/paths.js";

const run = promisify(execFile);
const depcruise = join(packageRoot, "node_modules", ".bin", "depcruise");

function copyTree(): string {
  const dir = t.testdir();
  for (const entry of [
    "src",
    "bench",
    "generated",
    "test/helpers",
    ".dependency-cruiser.cjs",
    "tsconfig.json",
    "package.json",
  ])
    cpSync(join(packageRoot, entry), join(dir, entry), { recursive: true });
  symlinkSync(join(packageRoot, "node_modules"), join(dir, "node_modules"));
  return dir;
}

/** Cruises from `files` only (their imports followed): seconds, not the whole tree. */
async function cruise(dir: string, files: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run(depcruise, files, { cwd: dir });
    return { code: 0, out: stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string };
    return { code: e.code, out: e.stdout };
  }
}

// [rule, file added, its import]
const injected: Array<[string, string, string]> = [
  ["proxy-not-to-runner", "src/proxy/injected-1.ts", "../runner/engine.js"],
  ["runner-not-to-proxy", "src/runner/injected-2.ts", "../proxy/judge.js"],
  ["reporters-consume-events", "src/reporters/injected-3.ts", "../runner/run.js"],
  ["reporters-consume-events", "src/reporters/injected-4.ts", "../judge/checks/index.js"],
  ["runner-not-to-server", "src/runner/injected-5.ts", "../server/index.js"],
  ["server-not-to-command-line", "src/server/injected-6.ts", "../cli/flags.js"],
  ["src-not-to-bench-or-test", "src/judge/injected-7.ts", "../../bench/support/faulty-proxy.js"],
  ["src-not-to-bench-or-test", "src/judge/injected-8.ts", "../../test/helpers/cli.js"],
  ["bench-not-to-test", "bench/injected-9.ts", "../test/helpers/cli.js"],
];

// The whole tree passing is `npm test`'s own `depcruise src bench`; here, the files that import the modules the
// injected files import pass as they are, so that each violation below is the injected import's doing.
const dir = copyTree();
t.test("the files next to the injected ones pass as they are", async (t) => {
  const r = await cruise(dir, ["src/proxy/judge.ts", "src/runner/run.ts", "src/reporters/index.ts", "bench/proxy.ts"]);
  t.equal(r.code, 0, r.out);
});

t.test("each forbidden import fails depcruise, naming its rule", async (t) => {
  for (const [, file, target] of injected)
    writeFileSync(join(dir, file), `import * as forbidden from "${target}";\nexport const used = forbidden;\n`);
  // One cruise from every injected file at once: each file's own violation must be named.
  const r = await cruise(
    dir,
    injected.map(([, file]) => file),
  );
  t.not(r.code, 0, "depcruise exits non-zero");
  for (const [rule, file, target] of injected)
    t.match(r.out, new RegExp(`error ${rule}: ${file.replace(/\./g, "\\.")}`), `${file} importing ${target}: ${rule}`);
});
