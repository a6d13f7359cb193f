// Cold start (issue: goal under 300 ms): `node dist/src/bin.js serve --port 0` from spawn until its
// `listening on` line, side by side in the same run with two floors: `node -e 0` (the runtime alone) and bare
// Fastify listening (plain JavaScript, bench/baseline/fastify-listen.mjs). Rounds interleave the three, so a
// noisy moment hits all of them alike; medians are quoted. Runs the built CLI: `npm run bench:cold-start`
// builds first. Usage: npm run bench:cold-start [-- ROUNDS]
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { packageRoot } from "../src/contract/paths.js";

const rounds = Number(process.argv[2] ?? 15);
if (!Number.isInteger(rounds) || rounds < 1) {
  process.stderr.write(`bench:cold-start: ROUNDS must be a positive integer, got '${process.argv[2]}'\n`);
  process.exit(2);
}

interface Subject {
  name: string;
  args: string[];
  /** Ready when stdout shows this; undefined: when the process exits. */
  line?: RegExp;
}

const subjects: Subject[] = [
  { name: "node -e 0 (runtime floor)", args: ["-e", "0"] },
  {
    name: "bare Fastify listening",
    args: [join(packageRoot, "bench", "baseline", "fastify-listen.mjs")],
    line: /^listening on /,
  },
  {
    name: "chime-voice-contract serve",
    args: [join(packageRoot, "dist", "src", "bin.js"), "serve", "--port", "0"],
    line: /^listening on /,
  },
];

/** Milliseconds from spawn until ready; the child is then ended by its PID. */
function timeOnce(subject: Subject): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, subject.args, { cwd: packageRoot, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    let readyAt: number | undefined;
    child.stderr.on("data", (c: Buffer) => (err += String(c)));
    child.stdout.on("data", (c: Buffer) => {
      out += String(c);
      if (readyAt === undefined && subject.line && out.split("\n").some((l) => subject.line!.test(l))) {
        readyAt = performance.now() - started;
        child.kill("SIGTERM");
      }
    });
    child.on("exit", (code, signal) => {
      if (!subject.line && code === 0) return resolve(performance.now() - started);
      if (readyAt !== undefined) return resolve(readyAt);
      reject(new Error(`${subject.name} ended (${code ?? signal}) before it was ready: ${err.trim() || out.trim()}`));
    });
  });
}

const quantile = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
const times = new Map<string, number[]>(subjects.map((s) => [s.name, []]));
// One warm-up of each (file system cache), not counted.
for (const s of subjects) await timeOnce(s);
for (let i = 0; i < rounds; i++) for (const s of subjects) times.get(s.name)!.push(await timeOnce(s));

const rows = subjects.map((s) => {
  const xs = times.get(s.name)!;
  return { name: s.name, median: quantile(xs, 0.5), min: Math.min(...xs), p90: quantile(xs, 0.9) };
});
const [, bare, ours] = rows as [(typeof rows)[0], (typeof rows)[0], (typeof rows)[0]];
const machine = `${cpus()[0]?.model ?? "unknown CPU"}, ${cpus().length} cores, Node ${process.version}`;
console.log(`cold start, ${rounds} interleaved rounds, ${machine}`);
for (const r of rows)
  console.log(
    `  ${r.name.padEnd(30)} median ${r.median.toFixed(0).padStart(4)} ms   min ${r.min.toFixed(0).padStart(4)} ms   p90 ${r.p90.toFixed(0).padStart(4)} ms`,
  );
console.log(
  `ratio serve / bare Fastify (medians): ${(ours.median / bare.median).toFixed(2)}x; serve's own start-up beyond bare Fastify: ${(ours.median - bare.median).toFixed(0)} ms`,
);
console.log(
  `goal: serve under 300 ms (median): ${ours.median < 300 ? "met" : `missed by ${(ours.median - 300).toFixed(0)} ms`}`,
);
const dir = join(packageRoot, "bench", "results");
mkdirSync(dir, { recursive: true });
writeFileSync(
  join(dir, "cold-start.json"),
  `${JSON.stringify({ when: new Date().toISOString(), machine, rounds, rows }, null, 2)}\n`,
);
