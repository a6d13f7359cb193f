// The full conformance suite against the embedded reference server (issue: goal under 2 s, start-up
// included): wall time of `node dist/src/bin.js test` from spawn to exit, side by side in the same run with
// its floor: a fresh process starting bare Fastify and sending the same number of requests at the runner's
// concurrency with undici (bench/baseline/suite-floor.mjs). Rounds interleave the two; medians are quoted.
// `npm run bench:suite` builds first. Usage: npm run bench:suite [-- ROUNDS]
import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { packageRoot } from "../src/contract/paths.js";
import { defaultConcurrency } from "../src/runner/run.js";

const exec = promisify(execFile);
const rounds = Number(process.argv[2] ?? 7);
if (!Number.isInteger(rounds) || rounds < 1) {
  process.stderr.write(`bench:suite: ROUNDS must be a positive integer, got '${process.argv[2]}'\n`);
  process.exit(2);
}
const concurrency = defaultConcurrency; // the runner's default --concurrency
const report = join(tmpdir(), `chime-voice-contract-bench-suite-${process.pid}.json`);

async function timed(args: string[]): Promise<number> {
  const started = performance.now();
  await exec(process.execPath, args, { cwd: packageRoot, maxBuffer: 16 << 20 });
  return performance.now() - started;
}

interface SuiteRun {
  ms: number;
  cases: number;
  passed: number;
  requests: number;
}

async function suiteOnce(): Promise<SuiteRun> {
  const ms = await timed([join(packageRoot, "dist", "src", "bin.js"), "test", "--reporter", `json:${report}`]);
  const json = JSON.parse(readFileSync(report, "utf8")) as {
    summary: { total: number; passed: number };
    cases: Array<{ requests: number }>;
  };
  return {
    ms,
    cases: json.summary.total,
    passed: json.summary.passed,
    requests: json.cases.reduce((n, c) => n + c.requests, 0),
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const suite: SuiteRun[] = [];
const floor: number[] = [];
const first = await suiteOnce(); // warm-up (file system cache), not counted
for (let i = 0; i < rounds; i++) {
  suite.push(await suiteOnce());
  floor.push(
    await timed([
      join(packageRoot, "bench", "baseline", "suite-floor.mjs"),
      String(first.requests),
      String(concurrency),
    ]),
  );
}
const failedRuns = suite.filter((r) => r.passed !== r.cases).length;
const ours = median(suite.map((r) => r.ms));
const base = median(floor);
const machine = `${cpus()[0]?.model ?? "unknown CPU"}, ${cpus().length} cores, Node ${process.version}`;
console.log(`conformance suite vs the embedded server, ${rounds} interleaved rounds, ${machine}`);
console.log(
  `  chime-voice-contract test     median ${ours.toFixed(0).padStart(5)} ms  (${first.cases} cases, ${first.requests} requests, start-up and exit included)`,
);
console.log(
  `  floor: bare Fastify + undici  median ${base.toFixed(0).padStart(5)} ms  (the same ${first.requests} requests, ${concurrency} at a time)`,
);
console.log(`ratio suite / floor (medians): ${(ours / base).toFixed(2)}x`);
console.log(
  `goal: under 2 s: ${ours < 2000 ? "met" : `missed by ${(ours - 2000).toFixed(0)} ms`}${failedRuns ? `; ${failedRuns} runs had failing cases` : ""}`,
);
const dir = join(packageRoot, "bench", "results");
mkdirSync(dir, { recursive: true });
writeFileSync(
  join(dir, "suite.json"),
  `${JSON.stringify({ when: new Date().toISOString(), machine, rounds, suiteMs: suite.map((r) => r.ms), floorMs: floor, cases: first.cases, requests: first.requests }, null, 2)}\n`,
);
if (failedRuns) process.exitCode = 1;
