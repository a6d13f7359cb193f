import t, { type Test } from "tap";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../helpers/cli.js";
import { startServer } from "../../src/server/index.js";
import { startProxy } from "../../bench/support/faulty-proxy.js";
import { subtleFaults } from "./faulty.js";

const cli = (argv: string[]) => runCli(...argv);

/**
 * The reference server behind a proxy that lets a trailing Java line terminator into a Name (V5): the coverage
 * phase (coverage-name-refused) and the generated families both catch it.
 */
async function lineTerminatorTarget(t: Test): Promise<{ url: string }> {
  const fault = subtleFaults.find((f) => f.name.startsWith("V5: a trailing line terminator"))!;
  const server = await startServer({ host: "127.0.0.1", port: 0 });
  const proxy = await startProxy(server.url, fault);
  t.teardown(async () => {
    await proxy.close();
    await server.close();
  });
  return proxy;
}

t.test("--generate saves failures; --replay FILE sends exactly those again with curl commands", async (t) => {
  const proxy = await lineTerminatorTarget(t);
  const file = join(t.testdir(), "failures.json");
  const run = await cli([
    "test",
    "--target",
    proxy.url,
    "--generate",
    "--seed",
    "7",
    "--max-examples",
    "20",
    "--save-failures",
    file,
    // The generated families alone: their own failures are what is saved. The coverage phase catches this fault
    // first, and the hand-written cases add requests, not failures to save.
    "--case",
    "generated-*",
    "--reporter",
    "tap",
  ]);
  t.equal(run.code, 1, "the faulty target fails");
  t.match(run.err, /generated cases: seed 7/);
  t.match(run.err, /generated: \d+ requests in [\d.]+ s \(\d+ requests\/s\); seed 7/);
  t.ok(existsSync(file), "failures saved");
  const saved = JSON.parse(readFileSync(file, "utf8")) as { seed: number; failures: Array<{ steps: unknown[] }> };
  t.equal(saved.seed, 7);
  t.ok(saved.failures.length > 0 && saved.failures.every((f) => f.steps.length > 0));

  const replay = await cli(["test", "--target", proxy.url, "--replay", file, "--reporter", "tap"]);
  t.equal(replay.code, 1, "the replay fails again against the same target");
  t.match(replay.err, /replay: curl -sS -i --globoff --path-as-is -X POST/);
  t.notMatch(replay.out, /- [WVS]\d+-/, "no hand-written case runs in a replay");
  t.match(
    replay.out,
    /# chime-voice-contract \S+; seed 7; again: /,
    "the report names the seed the failures came from",
  );
  t.match(replay.err, /replayed: \d+ requests in [\d.]+ s/);
  t.notMatch(replay.err, /sends the same requests again/, "a replay offers no seed to send again");

  const fresh = await startServer({ host: "127.0.0.1", port: 0 });
  t.teardown(() => fresh.close());
  const clean = await cli(["test", "--target", fresh.url, "--replay", file, "--reporter", "tap"]);
  t.equal(
    clean.code,
    0,
    `the replay passes against the reference server (${clean.out
      .split("\n")
      .filter((l) => l.startsWith("not ok"))
      .join("; ")})`,
  );
});

t.test("the coverage phase's failures are saved too, and --replay sends them again", async (t) => {
  // Caught by the coverage phase (coverage-name-refused sends each Java line terminator at a Name's end).
  const proxy = await lineTerminatorTarget(t);
  for (const generate of [false, true]) {
    const file = join(t.testdir(), `failures-${generate}.json`);
    const run = await cli([
      "test",
      "--target",
      proxy.url,
      ...(generate ? ["--generate", "--seed", "7", "--max-examples", "5"] : []),
      "--case",
      "coverage-name-*",
      "--save-failures",
      file,
      "--reporter",
      "tap",
    ]);
    const how = generate ? "with --generate" : "a default run";
    t.equal(run.code, 1, `${how}: the faulty target fails`);
    t.ok(existsSync(file), `${how}: failures saved`);
    const saved = JSON.parse(readFileSync(file, "utf8")) as {
      seed: number;
      failures: Array<{ case: string; title: string; steps: Array<{ op: string; number: string; body?: string }> }>;
    };
    t.equal(saved.seed, generate ? 7 : 0);
    t.ok(saved.failures.length > 0, `${how}: ${saved.failures.length} failures`);
    t.ok(
      saved.failures.every(
        (f) => f.case === "coverage-name-refused" && f.steps.length === 2 && f.steps[0]!.op === "update",
      ),
      `${how}: each the refused Name's update, then a read of its number`,
    );
    t.ok(
      saved.failures.some((f) =>
        /[\n\r\u0085\u2028\u2029]$/.test((JSON.parse(f.steps[0]!.body ?? "{}") as { Name?: string }).Name ?? ""),
      ),
      "a line terminator among the bodies saved",
    );
    t.match(
      run.err,
      new RegExp(`failures \\(\\d+ from the coverage phase\\) saved to ${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`),
    );

    const replay = await cli(["test", "--target", proxy.url, "--replay", file, "--reporter", "tap"]);
    t.equal(replay.code, 1, `${how}: the replay fails again against the same target`);
    t.match(replay.err, /replay: curl -sS -i --globoff --path-as-is -X POST/);
    // The coverage phase draws nothing at random: no seed belongs to these failures, even one saved under --generate.
    t.match(replay.out, /# chime-voice-contract \S+; again: /, `${how}: the replay's report names no seed`);
    t.notMatch(replay.out + replay.err, /seed/, `${how}: no seed anywhere in the replay's output`);
    t.match(replay.err, /replayed: \d+ requests in [\d.]+ s/);
    const fresh = await startServer({ host: "127.0.0.1", port: 0 });
    const clean = await cli(["test", "--target", fresh.url, "--replay", file, "--reporter", "tap"]);
    await fresh.close();
    t.equal(clean.code, 0, `${how}: the replay passes against the reference server`);
  }
  const unasked = await cli(["test", "--target", proxy.url, "--case", "coverage-name-refused", "--reporter", "tap"]);
  t.equal(unasked.code, 1);
  t.notMatch(unasked.err, /saved to/, "a default run saves nothing unless --save-failures asks");
});

t.test(
  "--sign sigv4: every request signed from the standard sources is let in by a server in sigv4 mode",
  async (t) => {
    const keys = { accessKeyId: "AKIDGENERATEDTEST01", secretAccessKey: "generated/test/secret/key/0000000000000" };
    const server = await startServer({
      host: "127.0.0.1",
      port: 0,
      auth: { credentials: [keys], region: "us-east-1" },
    });
    t.teardown(() => server.close());
    const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
    process.env.AWS_ACCESS_KEY_ID = keys.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = keys.secretAccessKey;
    t.teardown(() => {
      for (const [name, value] of [
        ["AWS_ACCESS_KEY_ID", saved.id],
        ["AWS_SECRET_ACCESS_KEY", saved.secret],
      ] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    });
    const signed = await cli([
      "test",
      "--target",
      server.url,
      "--generate",
      "--seed",
      "3",
      "--max-examples",
      "10",
      "--sign",
      "sigv4",
      "--region",
      "us-east-1",
      "--reporter",
      "tap",
    ]);
    t.equal(
      signed.code,
      0,
      `signed run passes (${signed.out
        .split("\n")
        .filter((l) => /not ok|UnauthorizedClient/.test(l))
        .slice(0, 3)
        .join("; ")})`,
    );
    const unsigned = await cli([
      "test",
      "--target",
      server.url,
      "--generate",
      "--seed",
      "3",
      "--max-examples",
      "10",
      "--reporter",
      "tap",
    ]);
    t.equal(unsigned.code, 1, "the same run unsigned is refused (401s)");
  },
);
