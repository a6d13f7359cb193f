import t from "tap";
import { defaultFixturesPath, loadContract } from "../../src/contract/index.js";
import { loadFixtures } from "../../src/fixtures/fixtures.js";
import { startServer } from "../../src/server/index.js";
import { boundaries, javaSpaces, unicodeOnlySpaces } from "../../src/runner/generate/boundaries.js";
import { generatedCases } from "../../src/runner/generate/suite.js";
import { judgeBody } from "../../src/runner/generate/oracle.js";
import type { RunnerEvent } from "../../src/judge/events.js";
import { createHttpClient, type HttpClient } from "../../src/http/client.js";
import { runConformance } from "../../src/runner/run.js";
import { startProxy } from "../../bench/support/faulty-proxy.js";
import { subtleFaults } from "./faulty.js";

// Whole generated runs against the reference server: on a loaded 2-core machine they outlast the default 120 s.
t.setTimeout(600_000);

const fixtures = await loadFixtures(defaultFixturesPath, await loadContract());

const byTitle = new Map(boundaries().map((b) => [b.title, b]));

t.test(
  "boundary values per member are what they claim, and the oracle and the document agree on each (V3-V7)",
  async (t) => {
    const contract = await loadContract();
    const validate = contract.requestValidator("UpdatePhoneNumber");
    const table: Array<[string, string, boolean]> = [
      ["CallingName of 1 character", '{"CallingName":"A"}', false],
      ["CallingName of 2 characters", '{"CallingName":"Zq"}', true],
      ["CallingName of 15 characters", `{"CallingName":"${"A".repeat(15)}"}`, true],
      ["CallingName of 16 characters", `{"CallingName":"${"A".repeat(16)}"}`, false],
      ['Name "" (0 characters, removal)', '{"Name":""}', true],
      ["Name of 256 characters", `{"Name":"${"n".repeat(256)}"}`, true],
      ["Name of 257 characters", `{"Name":"${"n".repeat(257)}"}`, false],
      ["ProductType near miss: lower case", '{"ProductType":"voiceconnector"}', false],
      ["ProductType near miss: Cyrillic о look-alike", '{"ProductType":"V\\u043eiceConnector"}', false],
    ];
    for (const [title, body, valid] of table) {
      const b = byTitle.get(title);
      t.ok(b, `boundary '${title}' exists`);
      t.equal(
        b?.body !== undefined && JSON.stringify(JSON.parse(b.body)),
        JSON.stringify(JSON.parse(body)),
        `${title}: body`,
      );
      t.equal(b?.valid, valid, `${title}: valid ${valid}`);
    }
    for (const [what, s] of javaSpaces) {
      const between = byTitle.get(`Name with ${what} between words (Java \\s)`);
      const trailing = byTitle.get(`Name with a trailing ${what}`);
      t.equal(between?.valid, true, `V5: ${what} between words is accepted`);
      t.equal(trailing?.valid, false, `V5: a trailing ${what} is rejected`);
      for (const b of [between, trailing])
        t.ok((JSON.parse(b?.body ?? "{}") as { Name?: string }).Name?.includes(s), `the body really holds ${what}`);
    }
    t.equal(unicodeOnlySpaces.length, 19, "the Unicode spaces ECMAScript's \\s accepts beyond Java's");
    for (const cp of unicodeOnlySpaces)
      t.equal(
        byTitle.get(`Name with U+${cp.toString(16).toUpperCase().padStart(4, "0")} between words (ECMAScript \\s only)`)
          ?.valid,
        false,
      );
    for (const b of boundaries()) {
      if (b.prefer === "unknown") continue;
      let parsed: unknown;
      try {
        parsed = JSON.parse(b.body);
      } catch {
        parsed = undefined;
      }
      const oracle = parsed !== undefined && judgeBody(parsed).valid;
      t.equal(oracle, b.valid, `oracle agrees with the table: ${b.title}`);
      const isObject = typeof parsed === "object" && parsed !== null && !Array.isArray(parsed);
      if (isObject) t.equal(validate(parsed).valid, b.valid, `the document agrees with the table: ${b.title}`);
    }
  },
);

/**
 * Runs only the generated cases (as --replay does) against a target and returns the events; with `ids`, only
 * the generated cases of those ids.
 */
async function generatedRun(target: string, seed: number, maxExamples = 30, http?: HttpClient, ids?: string[]) {
  const events: RunnerEvent[] = [];
  const cases = ids
    ? generatedCases({ seed, maxExamples }, fixtures).filter((g) => ids.includes(g.case.id))
    : undefined;
  for await (const e of runConformance({
    target,
    generate: { seed, maxExamples, only: true, ...(cases ? { cases } : {}) },
    ...(http ? { http } : {}),
  }))
    events.push(e);
  return events;
}
const outcome = (events: RunnerEvent[]) =>
  events.find((e): e is Extract<RunnerEvent, { type: "run-end" }> => e.type === "run-end")!;
const failedFindings = (events: RunnerEvent[]) =>
  events.flatMap((e) => (e.type === "case-end" ? e.findings.map((f) => ({ case: e.case.id, ...f })) : []));

t.test(
  "the generated suite passes against the reference server, and a seed reproduces the same requests",
  async (t) => {
    const server = await startServer({ host: "127.0.0.1", port: 0 });
    t.teardown(() => server.close());
    const sent: string[][] = [[], []];
    for (const run of [0, 1]) {
      // A fresh server per run: the same seed against the same state must send the same requests.
      const fresh = run === 0 ? server : await startServer({ host: "127.0.0.1", port: 0 });
      if (run === 1) t.teardown(() => fresh.close());
      const inner = createHttpClient({ timeoutMs: 5000, maxBodyBytes: 1 << 20 });
      const http: HttpClient = {
        send: (r) => {
          sent[run]!.push(`${r.method} ${r.path} ${r.body ?? ""}`);
          return inner.send(r);
        },
        close: () => inner.close(),
      };
      const started = performance.now();
      const events = await generatedRun(fresh.url, 7, 30, http);
      await http.close();
      const end = outcome(events);
      t.equal(
        end.exitCode,
        0,
        `exit 0 (findings: ${JSON.stringify(
          failedFindings(events)
            .slice(0, 2)
            .map((f) => f.message),
        )})`,
      );
      t.comment(`${sent[run]!.length} requests in ${((performance.now() - started) / 1000).toFixed(2)} s`);
    }
    t.ok(sent[0]!.length > 500, `many requests (${sent[0]!.length})`);
    t.same(sent[1], sent[0], "seed 7 twice: the same requests in the same order");
  },
);

// Each fault against the generated cases that catch it alone (a whole generated run against each took four times
// the CPU and caught nothing more); the whole generated run is the reference server's, above.
t.test("each subtler faulty implementation is caught by generated cases (exit 1), citing the rule", async (t) => {
  for (const fault of subtleFaults) {
    await t.test(fault.name, async (t) => {
      const server = await startServer({ host: "127.0.0.1", port: 0 });
      const proxy = await startProxy(server.url, fault);
      t.teardown(async () => {
        await proxy.close();
        await server.close();
      });
      t.ok(fault.caughtBy.length > 0, "it names the generated cases that catch it");
      const events = await generatedRun(proxy.url, 7, 30, undefined, fault.caughtBy);
      const findings = failedFindings(events);
      t.equal(outcome(events).exitCode, 1, "exit 1");
      t.comment(`failed: ${[...new Set(findings.map((f) => f.case))].join(", ")}`);
      for (const id of fault.caughtBy)
        t.ok(
          findings.some((f) => f.case === id),
          `caught by ${id}`,
        );
      t.ok(
        findings.some((f) => f.rule === fault.rule),
        `a finding cites ${fault.rule}: ${findings
          .slice(0, 1)
          .map((f) => `${f.case} [${f.rule}] ${f.message.slice(0, 200)}`)
          .join("")}`,
      );
    });
  }
});

t.test("shrinking: a target that refuses a vertical tab between words yields the minimal Name (V5)", async (t) => {
  const fault = subtleFaults.find((f) => f.name.includes("vertical tab"))!;
  const server = await startServer({ host: "127.0.0.1", port: 0 });
  const proxy = await startProxy(server.url, fault);
  t.teardown(async () => {
    await proxy.close();
    await server.close();
  });
  // The property case alone: what it draws and shrinks is its seed's, whatever ran before it.
  const events = await generatedRun(proxy.url, 7, 100, undefined, ["generated-property-bodies"]);
  const property = failedFindings(events).filter((f) => f.case === "generated-property-bodies");
  t.ok(property.length > 0, "the property case fails");
  t.match(
    property[0]?.context ?? "",
    /^seed 7; minimal body after \d+ shrinks: \{"Name":"a\\u000ba"\} to \+\d+$/,
    `minimal body shown: ${property[0]?.context?.slice(0, 120)}`,
  );
});
