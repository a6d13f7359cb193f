import fc from "fast-check";
import type { Fixture } from "../../fixtures/fixtures.js";
import { requestDetails } from "../../contract/members.js";
import type { ConformanceCase, RuleId } from "../../cases/case.js";
import type { ReportedFinding as Finding } from "../../judge/events.js";
import { inContext } from "../../judge/finding.js";
import { unknownNumber } from "../picker.js";
import { updateBody, validBody } from "./arbitraries.js";
import { boundaries, fits, type Boundary } from "./boundaries.js";
import { requestKey } from "./coverage.js";
import { expectUpdate } from "./oracle.js";
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
      const sent = plan(session, list, unknown).map(({ boundary: b, e164 }) => {
        const trail: SentStep[] = [];
        return session.update(e164, b.body, trail).then((found) => ({ b, e164, found, trail }));
      });
      const findings: Finding[] = [];
      const failures: SavedFailure[] = [];
      const results = await Promise.all(sent);
      for (const { b, e164, found, trail } of results)
        if (found.length) {
          findings.push(...inContext(found, `${b.title}, body ${b.body} to ${e164}`));
          failures.push({ case: c.id, seed, title: b.title, steps: trail });
        }
      findings.push(...(await session.sync(new Set(results.map((r) => r.e164)))));
      return { findings, failures };
    },
  };
}

/**
 * Each boundary's number, decided before any is sent: the next number of the kind it prefers, in turn, so that
 * bodies spread over the numbers. The kinds follow what the oracle says each update does (a calling name accepted
 * on a settled number leaves it pending), so the plan is the one a run that sent them one at a time would make
 * of a target that conforms, and the same whatever the target's timing.
 */
function plan(
  session: Session,
  list: readonly Boundary[],
  unknown: string,
): Array<{ boundary: Boundary; e164: string }> {
  const all = session.numbers;
  const state = new Map(all.map((e) => [e, session.model.held(e)]));
  const turn = new Map<string, number>();
  return list.map((boundary) => {
    if (boundary.prefer === "unknown") return { boundary, e164: unknown };
    const fitting = all.filter((e) => {
      const n = state.get(e);
      return n !== undefined && fits(boundary.prefer, n);
    });
    const pool = fitting.length ? fitting : all;
    const i = turn.get(boundary.prefer) ?? 0;
    turn.set(boundary.prefer, i + 1);
    const e164 = pool[i % pool.length]!;
    const before = state.get(e164);
    const want = expectUpdate(parsed(boundary.body), before);
    if (want.status === 200) state.set(e164, want.after);
    return { boundary, e164 };
  });
}

function parsed(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return Symbol("malformed");
  }
}

/**
 * fast-check's examples, in the order its check would try them (the seed's), sent at once: `send` queues an
 * example's steps on their numbers' lanes when called, so each number's requests go in the examples' order and
 * other numbers' are in flight together. When one fails, fast-check replays the first that failed (by its path)
 * and shrinks it, one example at a time. The failure as shrunk, or as it first failed if it does not show again.
 */
async function checkAtOnce<T>(
  arbitrary: fc.Arbitrary<T>,
  seed: number,
  numRuns: number,
  send: (value: T, trail: SentStep[]) => Promise<Finding[]>,
): Promise<{ findings: Finding[]; steps: SentStep[]; value: T; shrinks: number } | undefined> {
  const examples = fc.sample(arbitrary, { seed, numRuns });
  const trails = examples.map((): SentStep[] => []);
  const outcomes = await Promise.all(examples.map((value, k) => send(value, trails[k]!)));
  const first = outcomes.findIndex((found) => found.length > 0);
  if (first < 0) return undefined;
  let last: { findings: Finding[]; steps: SentStep[]; value: T } | undefined;
  const property = fc.asyncProperty(arbitrary, async (value) => {
    const trail: SentStep[] = [];
    const found = await send(value, trail);
    if (found.length) last = { findings: found, steps: trail, value };
    return found.length === 0;
  });
  const details = await fc.check(property, { seed, numRuns, path: String(first) });
  if (details.failed && last) return { ...last, shrinks: details.numShrinks };
  return { findings: outcomes[first]!, steps: trails[first]!, value: examples[first]!, shrinks: 0 };
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
      const example = fc.tuple(fc.nat({ max: numbers.length - 1 }), updateBody);
      const failed = await checkAtOnce(example, options.seed, options.maxExamples, ([i, body], trail) =>
        session.update(numbers[i]!, JSON.stringify(body), trail),
      );
      const findings: Finding[] = [];
      const failures: SavedFailure[] = [];
      if (failed) {
        const [i, body] = failed.value;
        const minimal = `seed ${options.seed}; minimal body after ${failed.shrinks} shrinks: ${JSON.stringify(body)} to ${numbers[i]}`;
        findings.push(...inContext(failed.findings, minimal));
        failures.push({
          case: c.id,
          seed: options.seed,
          title: `minimal body ${JSON.stringify(body)}`,
          steps: failed.steps,
        });
      }
      findings.push(...(await session.sync(new Set(numbers))));
      return { findings, failures };
    },
  };
}

type Step = { op: "get"; i: number } | { op: "update"; i: number; body: Record<string, string> };

/**
 * Stateful: random runs of Get and Update over the fixture numbers, against the model of S1-S7; each run then reads
 * every number again (S6). Runs overlap: a number's steps, and its read at the end of a run, go in the runs' order.
 */
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
      const failed = await checkAtOnce(
        fc.array(step, { minLength: 1, maxLength: 12 }),
        options.seed + 1,
        runs,
        async (steps, trail) => {
          const touched = new Set(steps.filter((s) => s.op === "update").map((s) => numbers[s.i]!));
          const asked = steps.map((s) =>
            s.op === "get"
              ? session.get(numbers[s.i]!, trail)
              : session.update(numbers[s.i]!, JSON.stringify(s.body), trail),
          );
          asked.push(session.sync(touched, false, trail));
          return (await Promise.all(asked)).flat();
        },
      );
      if (!failed) return { findings: [], failures: [] };
      const shown = failed.value
        .map((s) => (s.op === "get" ? `Get ${numbers[s.i]}` : `Update ${numbers[s.i]} ${JSON.stringify(s.body)}`))
        .join("; ");
      return {
        findings: inContext(
          failed.findings,
          `seed ${options.seed}; minimal sequence after ${failed.shrinks} shrinks: ${shown}`,
        ),
        failures: [{ case: c.id, seed: options.seed, title: `minimal sequence: ${shown}`, steps: failed.steps }],
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
