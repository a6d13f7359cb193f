// Preloaded into a run the benchmarks time (`node --import`): when the process exits, its own CPU time goes to
// the file named by BENCH_CPU_FILE, a figure that a shared machine blurs less than wall time.
import { writeFileSync } from "node:fs";

const file = process.env.BENCH_CPU_FILE;
if (file)
  process.on("exit", () => {
    const { user, system } = process.cpuUsage();
    writeFileSync(file, JSON.stringify({ cpuMs: (user + system) / 1000 }));
  });
