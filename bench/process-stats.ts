// A process's own CPU time and resident memory, read from Linux's /proc: CPU is the figure a load generator
// sharing the same cores cannot blur, unlike requests/s and latency. Used by the server benchmark and the
// reliability script alike.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

/** `/proc/<pid>/stat` counts in clock ticks; `getconf CLK_TCK` says how many make a second (100 almost everywhere). */
export const clockTicksPerSecond = readClockTicksPerSecond();

/** User plus system CPU time of every thread of the process (not of its children), in ms. */
export function processCpuMs(pid: number): number {
  return (cpuTicks(readFileSync(`/proc/${pid}/stat`, "utf8")) * 1000) / clockTicksPerSecond;
}

/** utime + stime (fields 14 and 15) of a `/proc/<pid>/stat` line. */
export function cpuTicks(stat: string): number {
  // Field 2, the command name, is in parentheses and may hold spaces: count from the last ")". Field 3 is then index 0.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const utime = Number(fields[14 - 3]);
  const stime = Number(fields[15 - 3]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime))
    throw new Error(`unreadable /proc stat line: ${stat.slice(0, 120)}`);
  return utime + stime;
}

function readClockTicksPerSecond(): number {
  try {
    const ticks = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());
    return ticks > 0 ? ticks : 100;
  } catch {
    return 100;
  }
}

/** VmRSS of a process, in KiB. */
export function rssKiB(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  if (!match) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]);
}
