// Generated requests per second (issue: generated cases, goal >= 1,000/s against the embedded server),
// side by side with a baseline in the same run: the same number of sequential GetPhoneNumber requests sent
// with undici to a reference server, one at a time as the generated phase sends them. Runs the built CLI
// (`npm run build` first); prints the median of N runs of each and their ratio.
// Usage: npm run bench:generated [-- RUNS]
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { request } from "undici";
import { startServer } from "../src/server/index.js";

const exec = promisify(execFile);
const runs = Number(process.argv[2] ?? 5);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function generatedRate(): Promise<{ requests: number; perSecond: number }> {
  const { stderr, stdout } = await exec(process.execPath, [
    "dist/src/bin.js",
    "test",
    "--generate",
    "--seed",
    "7",
    "--reporter",
    "json:/dev/null",
  ]).catch((e: { stdout: string; stderr: string }) => e);
  const match = /generated: (\d+) requests in [\d.]+ s \((\d+) requests\/s\)/.exec(`${stdout}\n${stderr}`);
  if (!match) throw new Error(`no 'generated:' line in the run's output:\n${stdout}\n${stderr}`);
  return { requests: Number(match[1]), perSecond: Number(match[2]) };
}

async function baselineRate(count: number): Promise<number> {
  const running = await startServer({ host: "127.0.0.1", port: 0 });
  try {
    const started = performance.now();
    for (let i = 0; i < count; i++) {
      const { body } = await request(`${running.url}/phone-numbers/%2B12065550100`);
      await body.arrayBuffer();
    }
    return count / ((performance.now() - started) / 1000);
  } finally {
    await running.close();
  }
}

const generated: number[] = [];
const baseline: number[] = [];
for (let i = 0; i < runs; i++) {
  const g = await generatedRate();
  generated.push(g.perSecond);
  baseline.push(await baselineRate(g.requests));
}
const g = median(generated);
const b = median(baseline);
console.log(`generated requests/s (median of ${runs}): ${g.toFixed(0)}   goal >= 1000: ${(g / 1000).toFixed(2)}x`);
console.log(`baseline: sequential GetPhoneNumber with undici (median of ${runs}): ${b.toFixed(0)}/s`);
console.log(`ratio generated / baseline: ${(g / b).toFixed(2)}`);
