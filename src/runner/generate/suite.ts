import fc from "fast-check";
import type { Fixture } from "../../fixtures/fixtures.js";
import { requestDetails } from "../../contract/members.js";
import type { ConformanceCase, RuleId } from "../../cases/case.js";
import type { ReportedFinding as Finding } from "../../judge/events.js";
import { unknownNumber } from "../picker.js";
import { updateBody, validBody } from "./arbitraries.js";
import { boundaries, fits, type Boundary } from "./boundaries.js";
import { requestKey } from "./coverage.js";
import type { Session, SentStep } from "./session.js";

export interface GenerateOptions {
  seed: number;
  /** Examples per property (bodies) and, divided by five, stateful sequences. */
  maxExamples: number;
}

/** A generated failure, as saved for `--replay`: the steps that reproduce it. */
export interface SavedFailure {
  case: string;
  seed: number;
  title: string;
  steps: SentStep[];
}

/** A case built at run time: its description for events and reports, and how to run it on a session. */
export interface GeneratedCase {
  case: ConformanceCase;
  run(session: Session): Promise<{ findings: Finding[]; failures: SavedFailure[] }>;
}

export const defaultMaxExamples = 100;

function describeCase(id: string, title: string, rules: RuleId[], tags: string[], seed: number): ConformanceCase {
  return {
    id,
    title,
    rules,
    tags: ["generated", ...tags],
    numbers: {},
    steps: [],
    // The JSON report holds a line from 1; generated families have no line of their own.
    source: { file: `generated (seed ${seed})`, line: 1 },
  };
}

const prefixed = (findings: Finding[], prefix: string) =>
  findings.map((f) => ({ ...f, message: `${prefix} ${f.message}` }));

/**
 * One member's boundaries: the refused ones (`-refused`: nothing may change, safe against a real account), or
 * the accepted ones (tagged `mutates`, and `calling-name` where they may start a calling-name update).
 */
function boundaryCase(
  member: Boundary["member"],
  accepted: boolean,
  list: Boundary[],
  seed: number,
  fixtures: readonly Fixture[],
): GeneratedCase {
  const rules = [...new Set(list.map((b) => b.rule))];
  // Java's \s in Name and V1/V2's handling of bodies are this project's decisions where AWS is silent.
  const decided = member === "Name" || member === "body" ? ["decided"] : [];
  const tags = [
    "boundaries",
    ...decided,
    ...(accepted ? ["mutates", ...(member === "CallingName" ? ["calling-name"] : [])] : []),
  ];
  const what = member === "body" ? "Whole bodies" : member;
  const c = describeCase(
    `generated-boundaries-${member.toLowerCase()}-${accepted ? "accepted" : "refused"}`,
    `${what}: ${accepted ? "valid boundaries, accepted and read back" : "negatives, refused with nothing changed"} (${list.length} bodies)`,
    rules,
    tags,
    seed,
  );
  const unknown = unknownNumber(new Set(fixtures.map((f) => f.E164PhoneNumber)));
  return {
    case: c,
    async run(session) {
      const findings: Finding[] = [];
      const failures: SavedFailure[] = [];
      const touched = new Set<string>();
      const turn = new Map<string, number>();
      for (const b of list) {
        const e164 = b.prefer === "unknown" ? unknown : pick(session, b, turn);
        touched.add(e164);
        session.takeSteps();
        const found = await session.update(e164, b.body);
        if (found.length) {
          findings.push(...prefixed(found, `[${b.title}, body ${b.body} to ${e164}]`));
          failures.push({ case: c.id, seed, title: b.title, steps: session.takeSteps() });
        }
      }
      findings.push(...(await session.sync(touched)));
      return { findings, failures };
    },
  };
}

/** The next number of the kind the boundary prefers, in turn, so that bodies spread over the numbers. */
function pick(session: Session, b: Boundary, turn: Map<string, number>): string {
  const all = session.numbers;
  const fitting = all.filter((e) => {
    const n = session.model.held(e);
    return n !== undefined && fits(b.prefer, n);
  });
  const pool = fitting.length ? fitting : all;
  const i = turn.get(b.prefer) ?? 0;
  turn.set(b.prefer, i + 1);
  return pool[i % pool.length]!;
}

/** Property: whatever the body and number, the answer is the oracle's (valid-for-state: 200 and read back; else the error, nothing changed). */
function propertyCase(options: GenerateOptions): GeneratedCase {
  const c = describeCase(
    "generated-property-bodies",
    `Property: bodies from the schemas, judged against the model (${options.maxExamples} examples)`,
    ["V1", "V2", "V3", "V4", "V5", "V6", "V7", "S2", "S3", "S4", "S5", "S6", "S7"],
    ["property", "mutates", "calling-name"],
    options.seed,
  );
  return {
    case: c,
    async run(session) {
      const numbers = session.numbers;
      let last: { findings: Finding[]; steps: SentStep[] } | undefined;
      const property = fc.asyncProperty(fc.nat({ max: numbers.length - 1 }), updateBody, async (i, body) => {
        session.takeSteps();
        const found = await session.update(numbers[i]!, JSON.stringify(body));
        if (found.length) last = { findings: found, steps: session.takeSteps() };
        return found.length === 0;
      });
      const details = await fc.check(property, { seed: options.seed, numRuns: options.maxExamples });
      const findings: Finding[] = [];
      const failures: SavedFailure[] = [];
      if (details.failed && last) {
        const [i, body] = details.counterexample ?? [];
        const minimal = `[seed ${options.seed}; minimal body after ${details.numShrinks} shrinks: ${JSON.stringify(body)} to ${numbers[i ?? 0]}]`;
        findings.push(...prefixed(last.findings, minimal));
        failures.push({
          case: c.id,
          seed: options.seed,
          title: `minimal body ${JSON.stringify(body)}`,
          steps: last.steps,
        });
      }
      findings.push(...(await session.sync(new Set(numbers))));
      return { findings, failures };
    },
  };
}

type Step = { op: "get"; i: number } | { op: "update"; i: number; body: Record<string, string> };

/** Stateful: random runs of Get and Update over the fixture numbers, against the model of S1-S7; then every number is read again (S6). */
function statefulCase(options: GenerateOptions): GeneratedCase {
  const runs = Math.max(3, Math.ceil(options.maxExamples / 5));
  const c = describeCase(
    "generated-stateful-sequences",
    `Stateful: ${runs} runs of Get and Update steps against the model of S1-S7`,
    ["S3", "S4", "S5", "S6", "S7"],
    ["stateful", "mutates", "calling-name"],
    options.seed,
  );
  return {
    case: c,
    async run(session) {
      const numbers = session.numbers;
      const index = fc.nat({ max: numbers.length - 1 });
      const step: fc.Arbitrary<Step> = fc.oneof(
        index.map((i) => ({ op: "get" as const, i })),
        { weight: 2, arbitrary: fc.tuple(index, validBody).map(([i, body]) => ({ op: "update" as const, i, body })) },
      );
      let last: { findings: Finding[]; steps: SentStep[] } | undefined;
      const property = fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
        session.takeSteps();
        const found: Finding[] = [];
        const touched = new Set<string>();
        for (const s of steps) {
          const e164 = numbers[s.i]!;
          if (s.op === "get") found.push(...(await session.get(e164)));
          else {
            touched.add(e164);
            found.push(...(await session.update(e164, JSON.stringify(s.body))));
          }
        }
        found.push(...(await session.sync(touched)));
        if (found.length) last = { findings: found, steps: session.takeSteps() };
        return found.length === 0;
      });
      const details = await fc.check(property, { seed: options.seed + 1, numRuns: runs });
      if (!details.failed || !last) return { findings: [], failures: [] };
      const [steps] = details.counterexample ?? [[]];
      const shown = steps
        .map((s) => (s.op === "get" ? `Get ${numbers[s.i]}` : `Update ${numbers[s.i]} ${JSON.stringify(s.body)}`))
        .join("; ");
      return {
        findings: prefixed(
          last.findings,
          `[seed ${options.seed}; minimal sequence after ${details.numShrinks} shrinks: ${shown}]`,
        ),
        failures: [{ case: c.id, seed: options.seed, title: `minimal sequence: ${shown}`, steps: last.steps }],
      };
    },
  };
}

/**
 * The generated cases of a run, in the order they run (boundaries, property, stateful). `sent`: the requests the
 * coverage phase of the same run sends (by `requestKey`): a boundary that is one of them is not sent again.
 */
export function generatedCases(
  options: GenerateOptions,
  fixtures: readonly Fixture[],
  sent: ReadonlySet<string> = new Set(),
): GeneratedCase[] {
  const all = boundaries().filter((b) => !sent.has(requestKey(b.prefer, b.body)));
  const members: Array<Boundary["member"]> = [...requestDetails, "body"];
  return [
    ...members.flatMap((m) =>
      [true, false].map((accepted) =>
        boundaryCase(
          m,
          accepted,
          all.filter((b) => b.member === m && b.valid === accepted),
          options.seed,
          fixtures,
        ),
      ),
    ),
    propertyCase(options),
    statefulCase(options),
  ];
}
