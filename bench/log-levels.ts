// What each log level costs: GetPhoneNumber requests/s with autocannon against the reference server at the
// default level (warn: nothing per request) and at info (one line per request, written to /dev/null),
// median of 3 runs each, printed with the ratio against the default. Run: npx tsx bench/log-levels.ts [seconds]
import { createWriteStream } from "node:fs";
import autocannon from "autocannon";
import { startServer } from "../src/server/index.js";

const seconds = Number(process.argv[2] ?? 3);
const levels = ["warn", "info"] as const;

async function requestsPerSecond(level: string): Promise<number> {
  const sink = createWriteStream("/dev/null");
  const running = await startServer({ logLevel: level, logStream: sink });
  try {
    const result = await autocannon({
      url: `${running.url}/phone-numbers/%2B12065550100`,
      connections: 10,
      duration: seconds,
    });
    return result.requests.average;
  } finally {
    await running.close();
    sink.end();
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const results = new Map<string, number>();
for (const level of levels) {
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) runs.push(await requestsPerSecond(level));
  results.set(level, median(runs));
  console.log(`${level}: median ${Math.round(median(runs))} req/s (runs: ${runs.map(Math.round).join(", ")})`);
}
console.log(`info / warn: ${(results.get("info")! / results.get("warn")!).toFixed(3)}`);
