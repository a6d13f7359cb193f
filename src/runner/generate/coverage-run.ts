import type { ConformanceCase } from "../../cases/case.js";
import { detailRules, isRequestDetail } from "../../contract/members.js";
import type { Fixture, PhoneNumber } from "../../fixtures/fixtures.js";
import { readRequest, updateRequest } from "../../http/request.js";
import { numberAnswered } from "../../judge/checks/check.js";
import { sameValue } from "../../judge/difference.js";
import { readBack, whatItHolds, type Expectation } from "../../judge/expectation.js";
import type { ReportedFinding } from "../../judge/finding.js";
import type { Engine } from "../engine.js";
import { fits, type NumberKind } from "./boundaries.js";
import { coverageFamilies, coverageItems, type CoverageFamily, type CoverageItem } from "./coverage.js";
import { expectUpdate } from "./oracle.js";

/** Numbers of each kind a family spreads its requests over: enough to vary, few enough to read back. */
const numbersPerKind = 3;
/** Answers in a row that come before validation (401, 403, 429) after which a family stops: nothing is judged. */
const refusedInARow = 3;
const beforeValidation = new Set([401, 403, 429]);

export interface CoverageCase {
  case: ConformanceCase;
  items: readonly CoverageItem[];
  run(engine: Engine, context: CoverageContext): Promise<{ findings: ReportedFinding[]; notRun?: string }>;
}

export interface CoverageContext {
  fixtures: readonly Fixture[];
  /** The target's calling-name delay (`--calling-name-delay`): pending numbers may complete while a family runs. */
  callingNameDelayMs?: number;
}

/** The coverage phase's families, described as cases (ids `coverage-<family>`), each with its items. */
export function coverageCases(): CoverageCase[] {
  const items = coverageItems();
  return (Object.keys(coverageFamilies) as CoverageFamily[]).map((family, index) => {
    const f = coverageFamilies[family];
    const own = items.filter((i) => i.family === family);
    const c: ConformanceCase = {
      id: `coverage-${family}`,
      title: `${f.title} (${own.length} requests)`,
      rules: f.rules,
      tags: f.tags,
      numbers: {},
      steps: [],
      // The JSON report holds a line from 1: a family's place in the phase.
      source: { file: "coverage (from the document's classes)", line: index + 1 },
    };
    return { case: c, items: own, run: (engine, context) => runFamily(c, own, engine, context) };
  });
}

/** The rule a refused valid value breaks: the member's own validation rule. */
function validationRule(raw: string): Expectation["rule"] | undefined {
  try {
    const value = JSON.parse(raw) as Record<string, unknown>;
    const member = Object.keys(value).find((k) => isRequestDetail(k) && typeof value[k] === "string");
    return member && isRequestDetail(member) ? detailRules[member].validation : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What the answer must be, from the oracle and what the number holds: a valid value refused is the member's
 * validation rule broken; with a short calling-name delay, a 200 where the number's pending update may have
 * completed in between is explained.
 */
function expectation(
  item: CoverageItem,
  before: PhoneNumber,
  status: number | undefined,
  shortDelay: boolean,
): Expectation {
  let parsed: unknown;
  try {
    parsed = JSON.parse(item.body);
  } catch {
    parsed = Symbol("malformed");
  }
  const want = expectUpdate(parsed, before);
  const refusedValid = status === 400 && want.status !== 400 && item.valid;
  const rule = refusedValid ? (validationRule(item.body) ?? want.rule) : want.rule;
  return {
    rule,
    ...(shortDelay && want.status === 409 ? { statusIn: [409, 200] } : { status: want.status }),
    ...(want.status !== 200 ? { error: want.error } : {}),
    why: item.title,
  };
}

class NumberPicker {
  readonly #turn = new Map<NumberKind, number>();
  constructor(
    private readonly engine: Engine,
    private readonly numbers: readonly string[],
  ) {}

  /** The next of the first few numbers of the kind the target holds, in turn; undefined when it holds none. */
  pick(kind: NumberKind): string | undefined {
    const pool = this.numbers
      .filter((e) => {
        const n = this.engine.model.held(e);
        return n !== undefined && fits(kind, n);
      })
      .slice(0, numbersPerKind);
    if (!pool.length) return undefined;
    const i = this.#turn.get(kind) ?? 0;
    this.#turn.set(kind, i + 1);
    return pool[i % pool.length];
  }
}

async function runFamily(
  c: ConformanceCase,
  items: readonly CoverageItem[],
  engine: Engine,
  context: CoverageContext,
): Promise<{ findings: ReportedFinding[]; notRun?: string }> {
  const picker = new NumberPicker(
    engine,
    context.fixtures.map((f) => f.E164PhoneNumber),
  );
  const shortDelay = context.callingNameDelayMs !== undefined;
  const start = new Map<string, PhoneNumber>();
  const findings: ReportedFinding[] = [];
  let refusedBefore = 0;
  for (const item of items) {
    // A target that refuses the runner's requests before validating them (authentication, throttling) shows
    // nothing of the classes: the first answers say so, the rest would say it again.
    if (refusedBefore >= refusedInARow) break;
    const e164 = picker.pick(item.prefer);
    if (e164 === undefined)
      return {
        findings,
        notRun: `not run: the target holds no number that fits '${item.prefer}' (${item.prefer === "pending" ? "a pending calling-name update: the fixtures' pending numbers completed or were used up" : "see target-holds-fixtures"})`,
      };
    if (!start.has(e164)) start.set(e164, engine.model.held(e164)!);
    // Where pending numbers complete during the run, what the number holds is read just before.
    if (shortDelay && item.prefer === "pending") await refresh(engine, e164);
    const before = engine.model.held(e164)!;
    const exchange = await engine.send(updateRequest(engine.target, e164, item.body));
    const expected = expectation(item, before, exchange.response?.status, shortDelay);
    const found = engine.judge(exchange, {
      operation: "UpdatePhoneNumber",
      addressed: e164,
      rule: expected.rule,
      expected,
    });
    findings.push(
      ...found.map((f) => ({ ...f, message: `[${item.title}, body ${item.body} to ${e164}] ${f.message}` })),
    );
    refusedBefore = beforeValidation.has(exchange.response?.status ?? 0) ? refusedBefore + 1 : 0;
    const answered = numberAnswered(exchange, e164);
    // The model follows the target: what a 200 answered is what the number holds, expected or not.
    if (answered) engine.model.learn(e164, answered, { update: true });
  }
  findings.push(...(await putBack(engine, start)));
  for (const e164 of start.keys()) findings.push(...(await readHeld(engine, e164, c.rules[0]!)));
  return { findings };
}

async function refresh(engine: Engine, e164: string): Promise<void> {
  const { exchange } = await engine.exchangePatiently(readRequest(engine.target, e164), {
    operation: "GetPhoneNumber",
    addressed: e164,
  });
  const now = numberAnswered(exchange, e164);
  if (now) engine.model.learn(e164, now, { update: engine.model.fromUpdate(e164) });
}

/** Name and ProductType as they were before the family (a calling-name update cannot be undone). */
async function putBack(engine: Engine, start: ReadonlyMap<string, PhoneNumber>): Promise<ReportedFinding[]> {
  const findings: ReportedFinding[] = [];
  for (const [e164, was] of start)
    for (const [member, rule] of [
      ["Name", "S3"],
      ["ProductType", "S6"],
    ] as const) {
      const now = engine.model.held(e164);
      const value = was[member] ?? "";
      // A value of another JSON type than the request's string (a target answered it) is not put back.
      if (!now || typeof value !== "string" || sameValue(now[member], was[member])) continue;
      const { exchange, findings: f } = await engine.exchange(
        updateRequest(engine.target, e164, JSON.stringify({ [member]: value })),
        { operation: "UpdatePhoneNumber", addressed: e164, rule, expected: { rule, status: 200 } },
      );
      findings.push(...f.map((x) => ({ ...x, message: `putting ${member} back as it was: ${x.message}` })));
      const answered = numberAnswered(exchange, e164);
      if (answered) engine.model.learn(e164, answered, { update: true });
    }
  return findings;
}

/** A read of a number the family used: it holds what the last answer said, or what it held (nothing refused changed). */
async function readHeld(engine: Engine, e164: string, rule: Expectation["rule"]): Promise<ReportedFinding[]> {
  const held = engine.model.held(e164);
  if (!held) return [];
  const { findings } = await engine.exchange(readRequest(engine.target, e164), {
    operation: "GetPhoneNumber",
    addressed: e164,
    expected: readBack(whatItHolds(held, engine.model.fromUpdate(e164), rule)),
  });
  return findings;
}
