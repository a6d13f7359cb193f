// The reference server against the limit (bare Fastify, same routes, fixed answer) and against Prism mocking
// the same document: GetPhoneNumber and a valid UpdatePhoneNumber, autocannon rounds in the order
// ours, bare, prism, ours, bare, prism..., each server in its own process so that its CPU time per request
// can be read from /proc (the figure the load generator, sharing the cores, cannot blur).
// The reference server on its durable stores runs beside them (SQLite; PostgreSQL, one replica and two replicas
// on one database, a throwaway cluster on loopback): a figure, no goal; CPU there is the replicas' own, not
// PostgreSQL's.
// Run: npm run bench:server [-- --rounds 2 --duration 5 --connections 10 --warmup 1 --no-prism --no-stores]
// (or BENCH_ROUNDS, BENCH_DURATION, BENCH_CONNECTIONS, BENCH_WARMUP). Figures also go to bench/results/server.json.
// Exits 1 when the reference server or the baseline gave any answer but a 2xx.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { defaultSpecPath, loadContract, packageRoot } from "../src/contract/index.js";
import { checkAnswers, describeAnswers } from "./answer-check.js";
import {
  freePort,
  killAllChildServersNow,
  startChildServer,
  stopAllChildServers,
  type ChildServer,
} from "./child-server.js";
import { failedAnswers, loadRoundAcross, type LoadSettings, type RoundResult } from "./load-round.js";
import { startPostgresCluster, type PostgresCluster } from "./reliability/postgres-cluster.js";
import { ensurePrism, prismCacheDir, prismDefaultArgs, prismMockArgs, prismPackage, prismVersion } from "./prism.js";
import {
  describeRatio,
  describeRound,
  machine,
  ratios,
  summarize,
  summaryTable,
  type TargetName,
} from "./server-report.js";
import { benchOperations } from "./server-operations.js";

interface Settings extends LoadSettings {
  rounds: number;
  warmupS: number;
  prism: boolean;
  stores: boolean;
}

const logDir = mkdtempSync(join(tmpdir(), "bench-server-"));

function settingsFrom(argv: string[]): Settings {
  const { values } = parseArgs({
    args: argv,
    options: {
      rounds: { type: "string", default: process.env.BENCH_ROUNDS ?? "2" },
      duration: { type: "string", default: process.env.BENCH_DURATION ?? "5" },
      connections: { type: "string", default: process.env.BENCH_CONNECTIONS ?? "10" },
      warmup: { type: "string", default: process.env.BENCH_WARMUP ?? "1" },
      "no-prism": { type: "boolean", default: false },
      "no-stores": { type: "boolean", default: false },
    },
  });
  const positive = (name: string, text: string) => {
    const n = Number(text);
    if (!(n > 0)) throw new Error(`--${name}: expected a positive number, got ${JSON.stringify(text)}`);
    return n;
  };
  return {
    rounds: Math.round(positive("rounds", values.rounds)),
    durationS: positive("duration", values.duration),
    connections: Math.round(positive("connections", values.connections)),
    warmupS: Number(values.warmup) || 0,
    prism: !values["no-prism"],
    stores: !values["no-stores"],
  };
}

/** Each target is one process, or several replicas of one service loaded together. */
type Targets = Map<TargetName, ChildServer[]>;
let cluster: PostgresCluster | undefined;

async function startTargets(settings: Settings): Promise<Targets> {
  const node = process.execPath;
  const targets: Targets = new Map();
  const listening = { logPattern: /listening on (http:\/\/\S+)/ };
  const serve = (name: string, ...args: string[]) =>
    startChildServer({
      name,
      command: node,
      args: ["dist/src/bin.js", "serve", "--host", "127.0.0.1", "--port", "0", ...args],
      cwd: packageRoot,
      logFile: join(logDir, `${name}.log`),
      ready: listening,
    });
  targets.set("ours", [await serve("ours")]);
  targets.set("bare", [
    await startChildServer({
      name: "bare",
      command: node,
      args: ["--import", "tsx", "bench/baseline/fastify-server.ts", "0"],
      cwd: packageRoot,
      logFile: join(logDir, "bare.log"),
      ready: listening,
    }),
  ]);
  if (settings.prism) {
    const install = await ensurePrism(prismCacheDir);
    if (!install.ok) {
      console.log(`prism: skipped (${install.reason})`);
    } else {
      console.log(
        `prism: ${prismPackage}@${prismVersion} ${install.reused ? "reused from" : "installed into"} ${prismCacheDir}`,
      );
      for (const [name, args] of [
        ["prism", prismMockArgs],
        ["prism-default", prismDefaultArgs],
      ] as const) {
        const prism = await startPrism(name, install.cli, args);
        if (prism) targets.set(name, [prism]);
      }
    }
  }
  if (settings.stores) {
    targets.set("sqlite", [await serve("sqlite", "--store", `sqlite:${join(logDir, "state.db")}`)]);
    cluster = await startPostgresCluster();
    const one = await cluster.createDatabase("bench_one");
    targets.set("postgres", [await serve("postgres", "--store", one)]);
    const two = await cluster.createDatabase("bench_two");
    targets.set("postgres-x2", [
      await serve("postgres-x2-a", "--store", two),
      await serve("postgres-x2-b", "--store", two),
    ]);
  }
  return targets;
}

/** Prism in one configuration when it starts; otherwise one line saying why, and the run goes on without it. */
async function startPrism(
  name: "prism" | "prism-default",
  cli: string,
  args: typeof prismMockArgs,
): Promise<ChildServer | undefined> {
  const port = await freePort();
  try {
    return await startChildServer({
      name,
      command: process.execPath,
      args: args(cli, port, defaultSpecPath),
      cwd: packageRoot,
      logFile: join(logDir, `${name}.log`),
      ready: { url: `http://127.0.0.1:${port}` },
    });
  } catch (error) {
    console.log(`${name}: skipped (did not start: ${(error as Error).message.split("\n")[0]})`);
    return undefined;
  }
}

async function main(): Promise<number> {
  const settings = settingsFrom(process.argv.slice(2));
  const contract = await loadContract();
  const startedAt = new Date();
  const host = machine();
  const targets = await startTargets(settings);
  const names = [...targets.keys()];
  console.log(
    `targets: ${names
      .map(
        (n) =>
          `${n} (${targets
            .get(n)!
            .map((p) => `pid ${p.pid}, ${p.url}`)
            .join("; ")})`,
      )
      .join(", ")}; logs in ${logDir}`,
  );
  console.log(
    `${settings.rounds} rounds x ${settings.durationS} s per target and operation, ${settings.connections} connections, ${settings.warmupS} s warm-up; order ${names.join(" ")} per round`,
  );

  let mustFail = false;
  const operations = [];
  for (const operation of benchOperations) {
    console.log(`\n${operation.id}`);
    const validator = contract.responseValidator(operation.id, 200, "application/json")!;
    const answers: Partial<Record<TargetName, string>> = {};
    for (const name of names) {
      const checked = await checkAnswers(targets.get(name)![0]!.url, operation, validator);
      answers[name] = describeAnswers(checked);
      const invalid = checked.some((a) => a.problems.length > 0);
      if (invalid && !name.startsWith("prism")) mustFail = true;
      console.log(`  ${name} answers: ${answers[name]}`);
    }
    if (settings.warmupS > 0) {
      for (const name of names)
        await loadRoundAcross(targets.get(name)!, operation, { ...settings, durationS: settings.warmupS });
    }
    const rounds = new Map<TargetName, RoundResult[]>(names.map((n) => [n, []]));
    for (let round = 0; round < settings.rounds; round++) {
      for (const name of names) {
        const result = await loadRoundAcross(targets.get(name)!, operation, settings);
        rounds.get(name)!.push(result);
        console.log(describeRound(name, round, result));
        if (failedAnswers(result) > 0 && !name.startsWith("prism")) mustFail = true;
      }
    }
    const summaries = names.map((n) => summarize(n, rounds.get(n)!));
    const found = ratios(summaries);
    console.log("");
    for (const line of summaryTable(summaries)) console.log(`  ${line}`);
    for (const ratio of found) console.log(`  ${describeRatio(ratio)}`);
    operations.push({
      operation: operation.id,
      requests: operation.requests,
      answers,
      targets: summaries,
      ratios: found,
    });
  }

  console.log(
    `\nmachine: ${host.cpu}, ${host.cores} cores, node ${host.node}, load average ${host.loadAverage.toFixed(2)} at start (shared machine: figures are noisy, compare ratios from one run)`,
  );
  console.log(`taken: ${startedAt.toISOString()}`);
  if (mustFail)
    console.log("\nFAILED: the reference server or the baseline gave answers other than a valid 2xx (see above)");
  const resultsDir = join(packageRoot, "bench", "results");
  mkdirSync(resultsDir, { recursive: true });
  const report = {
    taken: startedAt.toISOString(),
    machine: host,
    settings,
    prism: targets.has("prism") || targets.has("prism-default") ? `${prismPackage}@${prismVersion}` : null,
    failed: mustFail,
    operations,
  };
  writeFileSync(join(resultsDir, "server.json"), `${JSON.stringify(report, null, 2)}\n`);
  console.log(`figures written to ${join("bench", "results", "server.json")}`);
  return mustFail ? 1 : 0;
}

process.on("exit", killAllChildServersNow);
for (const [signal, code] of [
  ["SIGINT", 130],
  ["SIGTERM", 143],
] as const) {
  process.once(signal, () => {
    console.log(`\n${signal}: stopping the servers`);
    void stopAllChildServers()
      .then(() => cluster?.stop())
      .finally(() => process.exit(code));
  });
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (error) {
  console.error(`bench:server: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  await stopAllChildServers();
  await cluster?.stop();
}
process.exit(exitCode);
