import t from "tap";
import { loadContract } from "../../src/contract/index.js";
import { loadFixtures } from "../../src/fixtures/fixtures.js";
import { defaultFixturesPath } from "../../src/contract/paths.js";
import { boundaries, javaSpaces, type Boundary } from "../../src/runner/generate/boundaries.js";
import {
  callingNameClasses,
  nameClasses,
  productTypes,
  type PatternClasses,
} from "../../src/runner/generate/classes.js";
import { generatedCases } from "../../src/runner/generate/suite.js";
import type { RunnerEvent } from "../../src/judge/events.js";
import { runConformance } from "../../src/runner/run.js";
import { startServer } from "../../src/server/index.js";
import { startProxy } from "../../bench/support/faulty-proxy.js";
import { classFaults } from "./faulty.js";

// Generated runs against the reference server with every seed: on a loaded 2-core machine they outlast the
// default 120 s.
t.setTimeout(600_000);

const all = boundaries();
const fixtures = await loadFixtures(defaultFixturesPath, await loadContract());
const valuesOf = (member: Boundary["member"], valid: boolean) =>
  all
    .filter((b) => b.member === member && b.valid === valid)
    .map((b) => (JSON.parse(b.body) as Record<string, string>)[member as string]!);
const seeds = [1, 2, 3, 4, 5, 6, 7, 8, 9];

/** Every character (up to U+FFFF) that a bracket expression of the document matches. */
function charactersOf(bracket: string): Set<string> {
  const re = new RegExp(`^${bracket}$`);
  const out = new Set<string>();
  for (let cp = 0; cp <= 0xffff; cp++) if (re.test(String.fromCharCode(cp))) out.add(String.fromCharCode(cp));
  return out;
}

t.test("the class tables are the document's patterns: same text, same characters (V4, V5, V6)", async (t) => {
  const { components } = (await loadContract()).document.raw;
  const schemas = components!.schemas as Record<string, { properties: Record<string, Record<string, unknown>> }>;
  const request = schemas.UpdatePhoneNumberRequest!.properties;
  const check = (member: string, table: PatternClasses) => {
    t.equal(request[member]!.pattern, table.pattern, `${member}: the pattern the table was written from`);
    const brackets = table.pattern.match(/\[[^\]]+\]/g) ?? [];
    const allowed = charactersOf(brackets[0]!);
    const listed = new Set(table.classes.flatMap((c) => [...c.chars]));
    t.same([...listed].sort(), [...allowed].sort(), `${member}: the classes together are ${brackets[0]}`);
    t.equal(
      table.classes.reduce((n, c) => n + c.chars.length, 0),
      listed.size,
      `${member}: no character in two classes`,
    );
    for (const d of table.disallowed) t.notOk(allowed.has(d.chars), `${member}: ${d.name} is outside ${brackets[0]}`);
    return brackets;
  };
  check("CallingName", callingNameClasses);
  t.equal(callingNameClasses.min, 2);
  t.equal(callingNameClasses.max, 15);
  const nameBrackets = check("Name", nameClasses);
  t.same(
    [...charactersOf(nameBrackets[1]!)].sort(),
    javaSpaces.map(([, s]) => s).sort(),
    "Name: the white space between words is Java's \\s, as boundaries.ts lists it",
  );
  t.equal(request.Name!.maxLength, nameClasses.max, "Name: at most 256 characters");
  t.same(request.ProductType!.enum, [...productTypes, null], "ProductType: the values the near misses come from");
});

t.test("CallingName boundaries cover every class alone and mixed, in each position, at each bound (V4)", async (t) => {
  const accepted = valuesOf("CallingName", true);
  const refused = valuesOf("CallingName", false);
  const { classes, disallowed } = callingNameClasses;
  const of = (c: { chars: string }) => (v: string) => [...v].every((ch) => c.chars.includes(ch));
  for (const c of classes) {
    for (const n of [2, 15])
      t.ok(
        accepted.some((v) => v.length === n && of(c)(v)),
        `${c.name} only, ${n}: accepted`,
      );
    for (const n of [1, 16])
      t.ok(
        refused.some((v) => v.length === n && of(c)(v)),
        `${c.name} only, ${n}: refused`,
      );
    for (const other of classes.filter((o) => o !== c)) {
      const mix = (v: string, i: number) => c.chars.includes(v[i]!) && [...v].some((ch) => other.chars.includes(ch));
      for (const n of [2, 15]) {
        t.ok(
          accepted.some((v) => v.length === n && mix(v, 0)),
          `${c.name} at the start, with ${other.name}, ${n}`,
        );
        t.ok(
          accepted.some((v) => v.length === n && mix(v, n - 1)),
          `${c.name} at the end, with ${other.name}, ${n}`,
        );
      }
      t.ok(
        accepted.some((v) => v.length === 15 && mix(v, 7) && !c.chars.includes(v[0]!) && !c.chars.includes(v[14]!)),
        `${c.name} in the middle of ${other.name}, 15`,
      );
    }
  }
  t.ok(
    accepted.some((v) => v.length === 15 && classes.every((c) => [...v].some((ch) => c.chars.includes(ch)))),
    "every class in one value of 15",
  );
  t.ok(accepted.includes("012345678901234"), "15 digits: accepted");
  for (const d of disallowed)
    for (const [at, i] of [
      ["start", (_v: string) => 0],
      ["middle", (v: string) => Math.floor((v.length - 1) / 2)],
      ["end", (v: string) => v.length - 1],
    ] as const)
      t.ok(
        refused.some((v) => v.length >= 2 && v.length <= 15 && v[i(v)] === d.chars),
        `${d.name} at the ${at}, within the length bounds: refused`,
      );
});

t.test("Name boundaries cover every word class, each Java space, and the 256 bound (V5)", async (t) => {
  const accepted = valuesOf("Name", true);
  const refused = valuesOf("Name", false);
  for (const c of nameClasses.classes) {
    const only = (v: string) => [...v].every((ch) => c.chars.includes(ch));
    t.ok(
      accepted.some((v) => v.length === 1 && only(v)),
      `${c.name}: one character, accepted`,
    );
    t.ok(
      accepted.some((v) => v.length === 256 && only(v)),
      `${c.name}: one word of 256, accepted`,
    );
    t.ok(
      refused.some((v) => v.length === 257 && only(v)),
      `${c.name}: one word of 257, refused`,
    );
    const words = accepted.filter((v) => v.includes(" ")).map((v) => v.split(" "));
    for (const [at, pick] of [
      ["first", (w: string[]) => w[0]!],
      ["middle", (w: string[]) => w[1]!],
      ["last", (w: string[]) => w.at(-1)!],
    ] as const)
      t.ok(
        words.some((w) => w.length === 3 && only(pick(w))),
        `a word of ${c.name} alone as the ${at} of three words`,
      );
    const single = accepted.filter((v) => /^[a-zA-Z0-9,._-]{6}$/.test(v));
    for (const [at, i] of [
      ["start", 0],
      ["middle", 2],
      ["end", 5],
    ] as const)
      t.ok(
        single.some((v) => c.chars.includes(v[i]!) && [...v].some((ch) => !c.chars.includes(ch))),
        `${c.name} at the ${at} of a word of another class`,
      );
  }
  t.ok(accepted.includes(",._-"), "punctuation alone");
  for (const [what, s] of javaSpaces) {
    t.ok(
      accepted.some((v) => v.length === 256 && v.includes(s)),
      `256 characters with ${what} between words: accepted`,
    );
    t.ok(
      refused.some((v) => v.length === 257 && v.includes(s) && !/^[ \t\n\x0B\f\r]|[ \t\n\x0B\f\r]$/.test(v)),
      `257 with ${what}: refused`,
    );
    t.ok(accepted.includes(`Main${s}${s}${s}desk`), `a run of ${what} between words`);
  }
  for (const d of nameClasses.disallowed)
    for (const i of [0, 4, 8])
      t.ok(
        refused.some((v) => v.length === 9 && v[i] === d.chars),
        `${d.name} at index ${i} of 9`,
      );
});

t.test("ProductType boundaries: both values on each kind of number, and near misses of each (V6, S2)", async (t) => {
  const accepted = all.filter((b) => b.member === "ProductType" && b.valid);
  for (const v of productTypes)
    for (const kind of ["US", "non-US"] as const)
      t.ok(
        accepted.some((b) => b.body === JSON.stringify({ ProductType: v }) && b.prefer === kind),
        `${v} to a ${kind} number`,
      );
  const refused = valuesOf("ProductType", false);
  for (const v of productTypes) {
    const near = refused.filter(
      (r) => r !== "" && (r.toLowerCase().includes(v.toLowerCase().slice(1, -1)) || v.startsWith(r)),
    );
    t.ok(near.length >= 15, `${v}: ${near.length} near misses`);
    t.ok(refused.includes(v.slice(0, -1)), `${v} without its last letter`);
    t.ok(refused.includes(v[0]!.toLowerCase() + v.slice(1)), `${v} with its first letter's case`);
  }
});

t.test("the boundaries are the same for every seed: no class is left to what fast-check draws", async (t) => {
  const bodies = (seed: number) =>
    generatedCases({ seed, maxExamples: 10 }, [])
      .filter((g) => g.case.tags.includes("boundaries"))
      .map((g) => g.case.title);
  for (const seed of seeds) t.same(bodies(seed), bodies(7), `seed ${seed}`);
});

async function generatedRun(target: string, seed: number, only?: (id: string) => boolean) {
  const events: RunnerEvent[] = [];
  const cases = only ? generatedCases({ seed, maxExamples: 10 }, fixtures).filter((g) => only(g.case.id)) : undefined;
  for await (const e of runConformance({
    target,
    generate: { seed, maxExamples: 10, only: true, ...(cases ? { cases } : {}) },
  }))
    events.push(e);
  const end = events.find((e): e is Extract<RunnerEvent, { type: "run-end" }> => e.type === "run-end")!;
  const failed = events.flatMap((e) => (e.type === "case-end" && e.outcome === "failed" ? [e] : []));
  return { exitCode: end.exitCode, failed };
}
const shown = (failed: Array<{ case: { id: string }; findings: Array<{ message: string }> }>) =>
  failed.map((c) => `${c.case.id}: ${c.findings[0]?.message.slice(0, 200)}`).join("; ");
const seedDependent = (id: string) => !id.startsWith("generated-boundaries-");

t.test(
  "the reference server passes every boundary, and the seed-dependent cases with every seed from 1 to 9",
  async (t) => {
    const server = await startServer({ host: "127.0.0.1", port: 0 });
    const boundaryRun = await generatedRun(server.url, 7, (id) => !seedDependent(id));
    await server.close();
    t.equal(boundaryRun.exitCode, 0, `boundaries: exit 0 (${shown(boundaryRun.failed)})`);
    for (const seed of seeds) {
      const fresh = await startServer({ host: "127.0.0.1", port: 0 });
      const run = await generatedRun(fresh.url, seed, seedDependent);
      await fresh.close();
      t.equal(run.exitCode, 0, `seed ${seed}: property and stateful cases, exit 0 (${shown(run.failed)})`);
    }
  },
);

const memberOf = (fault: { name: string }) =>
  /^V4/.test(fault.name) ? "callingname" : /^V5/.test(fault.name) ? "name" : "producttype";
/**
 * The member's boundary case that catches a class fault: a validator stricter than the pattern refuses a valid
 * value (the accepted boundaries), a lenient one lets an invalid value through (the refused ones).
 */
const catching = (fault: { name: string; answer?: unknown }) =>
  `generated-boundaries-${memberOf(fault)}-${fault.answer ? "accepted" : "refused"}`;

t.test(
  "a validator that gets one class wrong is failed by that member's boundaries, which every seed runs",
  async (t) => {
    for (const fault of classFaults) {
      await t.test(fault.name, async (t) => {
        const prefix = `generated-boundaries-${memberOf(fault)}-`;
        const server = await startServer({ host: "127.0.0.1", port: 0 });
        const proxy = await startProxy(server.url, fault);
        // The one case that catches it (the member's other boundary case passes it: it added a second of CPU).
        const run = await generatedRun(proxy.url, 7, (id) => id === catching(fault));
        await proxy.close();
        await server.close();
        t.equal(run.exitCode, 1, "exit 1");
        t.ok(run.failed.length > 0, `failed: ${shown(run.failed)}`);
        t.ok(
          run.failed.some((c) => c.case.id === catching(fault)),
          `caught by ${catching(fault)}`,
        );
        // The boundaries take no seed: the cases that caught it are in every seed's run, body for body.
        const sent = (seed: number) =>
          generatedCases({ seed, maxExamples: 10 }, fixtures)
            .filter((g) => g.case.id.startsWith(prefix))
            .map((g) => g.case.title);
        for (const seed of seeds) t.same(sent(seed), sent(7), `seed ${seed} runs the same ${prefix}* cases`);
      });
    }
  },
);

// A --generate run sends the boundaries first, so the property and stateful cases after them cannot change what
// they find: each seed's run here is the case that catches it, built with that seed.
t.test(
  "regression: an all-digit CallingName refused passed --generate with every seed; now each seed fails it",
  async (t) => {
    const fault = classFaults.find((f) => f.name.includes("all-digit CallingName"))!;
    for (const seed of seeds) {
      const server = await startServer({ host: "127.0.0.1", port: 0 });
      const proxy = await startProxy(server.url, fault);
      const run = await generatedRun(proxy.url, seed, (id) => id === "generated-boundaries-callingname-accepted");
      await proxy.close();
      await server.close();
      t.equal(run.exitCode, 1, `seed ${seed}: exit 1`);
      t.ok(
        run.failed.some((c) => c.case.id === "generated-boundaries-callingname-accepted"),
        `seed ${seed}: caught by generated-boundaries-callingname-accepted (${run.failed.map((c) => c.case.id).join(", ")})`,
      );
    }
  },
);
