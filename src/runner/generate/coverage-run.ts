import type { ConformanceCase } from "../../cases/case.js";
import { detailRules, isRequestDetail } from "../../contract/members.js";
import type { PhoneNumber } from "../../fixtures/fixtures.js";
import { readRequest, updateRequest } from "../../http/request.js";
import { numberAnswered } from "../../judge/checks/check.js";
import { readBack, whatItHolds, type Expectation } from "../../judge/expectation.js";
import { inContext, type ReportedFinding } from "../../judge/finding.js";
import type { NumberView } from "../../judge/number-model.js";
import type { Engine } from "../engine.js";
import type { NumberLocks } from "../locks.js";
import { putBack } from "../put-back.js";
import { fits, type NumberKind } from "./boundaries.js";
import { coverageFamilies, coverageItems, type CoverageFamily, type CoverageItem } from "./coverage.js";
import { expectUpdate } from "./oracle.js";
import type { SavedFailure } from "./suite.js";

/**
 * Items a family sends to one number at most, per kind of number it needs: its requests spread over a few numbers
 * (each read back once at the end), so that a target far away is not waited on one number at a time.
 */
const itemsPerNumber = 10;
/** Answers in a row that come before validation (401, 403, 429) after which a family stops: nothing is judged. */
const refusedInARow = 3;
const beforeValidation = new Set([401, 403, 429]);

export interface CoverageCase {
  case: ConformanceCase;
  items: readonly CoverageItem[];
  /** Where each item goes, from what the model holds now; or the kind of number none of `usable` is. */
  plan(model: NumberView, usable: readonly string[], load: Map<string, number>): CoveragePlan | { missing: NumberKind };
  /** Sends the plan: each number's items queued on its lane at once, when called; undefined if it never began. */
  run(engine: Engine, plan: CoveragePlan, context: CoverageContext): Promise<CoverageResult | undefined>;
}

/** Number -> the indexes of the items it gets, in the items' order. */
export type CoveragePlan = Map<string, number[]>;

export interface CoverageResult {
  findings: ReportedFinding[];
  /** Each item with a finding, as `--replay` sends it again: the update, then a read of its number. */
  failures: SavedFailure[];
  notRun?: string;
}

export interface CoverageContext {
  /** The run's lanes: a family's steps on a number wait for those queued on it before. */
  lanes: NumberLocks;
  /** Called when the family's first number is its own: false, and it sends nothing (`--bail`, a signal). */
  begin(): boolean;
  /** The target's calling-name delay (`--calling-name-delay`): pending numbers may complete while a family runs. */
  callingNameDelayMs?: number;
  /** The run's seed, saved with its failures (the coverage phase draws nothing: the same items every run). */
  seed?: number;
}

/** What the ids of the coverage phase's cases (and of the failures it saves) start with. */
export const coverageCasePrefix = "coverage-";

/** The coverage phase's families, described as cases (ids `coverage-<family>`), each with its items. */
export function coverageCases(): CoverageCase[] {
  const items = coverageItems();
  return (Object.keys(coverageFamilies) as CoverageFamily[]).map((family, index) => {
    const f = coverageFamilies[family];
    const own = items.filter((i) => i.family === family);
    const c: ConformanceCase = {
      id: `${coverageCasePrefix}${family}`,
      title: `${f.title} (${own.length} requests)`,
      rules: f.rules,
      tags: f.tags,
      numbers: {},
      steps: [],
      // The JSON report holds a line from 1: a family's place in the phase.
      source: { file: "coverage (from the document's classes)", line: index + 1 },
    };
    return {
      case: c,
      items: own,
      plan: (model, usable, load) => planFamily(own, model, usable, load),
      run: (engine, plan, context) => runFamily(c, own, plan, engine, context),
    };
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
  };
}

/**
 * Each item's number: per kind, a pool of the `usable` numbers of that kind that the fewest requests go to so
 * far (`load`: the cases' and earlier families'; then the fixtures' order), one number per `itemsPerNumber`
 * items, taken in turn. Made from what the model holds when the family is queued: the kinds the coverage items
 * need (pending, settled, U.S.) are not changed by the items themselves.
 */
export function planFamily(
  items: readonly CoverageItem[],
  model: NumberView,
  usable: readonly string[],
  load: Map<string, number>,
): CoveragePlan | { missing: NumberKind } {
  const pools = new Map<NumberKind, string[]>();
  for (const kind of new Set(items.map((i) => i.prefer))) {
    const fitting = usable.filter((e) => {
      const n = model.held(e);
      return n !== undefined && fits(kind, n);
    });
    if (!fitting.length) return { missing: kind };
    const count = Math.ceil(items.filter((i) => i.prefer === kind).length / itemsPerNumber);
    pools.set(kind, [...fitting].sort((a, b) => (load.get(a) ?? 0) - (load.get(b) ?? 0)).slice(0, count));
  }
  const plan: CoveragePlan = new Map();
  const turn = new Map<NumberKind, number>();
  for (const [at, item] of items.entries()) {
    const pool = pools.get(item.prefer)!;
    const i = turn.get(item.prefer) ?? 0;
    turn.set(item.prefer, i + 1);
    const e164 = pool[i % pool.length]!;
    plan.set(e164, [...(plan.get(e164) ?? []), at]);
    load.set(e164, (load.get(e164) ?? 0) + 1);
  }
  return plan;
}

/**
 * A family's items, each number's in order on that number's lane (one lane task per number: what it held is put
 * back and read once its items are sent), the numbers at once. Findings in the items' order, then each number's.
 */
function runFamily(
  c: ConformanceCase,
  items: readonly CoverageItem[],
  plan: CoveragePlan,
  engine: Engine,
  context: CoverageContext,
): Promise<CoverageResult | undefined> {
  const shortDelay = context.callingNameDelayMs !== undefined;
  const found: ReportedFinding[][] = items.map(() => []);
  const failed: Array<SavedFailure | undefined> = items.map(() => undefined);
  const after = new Map<string, ReportedFinding[]>();
  let began: boolean | undefined;
  let gone: string | undefined;
  let refusedBefore = 0;
  const numbers = [...plan].map(([e164, indexes]) =>
    context.lanes.run([e164], async () => {
      began ??= context.begin();
      const start = engine.model.held(e164);
      if (!began) return;
      if (!start) {
        gone ??= e164;
        return;
      }
      for (const at of indexes) {
        // A target that refuses the runner's requests before validating them (authentication, throttling) shows
        // nothing of the classes: the first answers say so, the rest would say it again.
        if (refusedBefore >= refusedInARow) break;
        const item = items[at]!;
        // Where pending numbers complete during the run, what the number holds is read just before.
        if (shortDelay && item.prefer === "pending") await refresh(engine, e164);
        const before = engine.model.held(e164)!;
        const exchange = await engine.send(updateRequest(engine.target, e164, item.body));
        const expected = expectation(item, before, exchange.response?.status, shortDelay);
        const judged = engine.judge(exchange, {
          operation: "UpdatePhoneNumber",
          addressed: e164,
          rule: expected.rule,
          expected,
        });
        found[at] = inContext(judged, `${item.title}, body ${item.body} to ${e164}`);
        if (judged.length)
          failed[at] = {
            case: c.id,
            seed: context.seed ?? 0,
            title: item.title,
            steps: [
              { op: "update", number: e164, body: item.body },
              { op: "get", number: e164 },
            ],
          };
        refusedBefore = beforeValidation.has(exchange.response?.status ?? 0) ? refusedBefore + 1 : 0;
        const answered = numberAnswered(exchange, e164);
        // The model follows the target: what a 200 answered is what the number holds, expected or not.
        if (answered) engine.model.learn(e164, answered, { update: true });
      }
      after.set(e164, [...(await putBack(engine, e164, start)), ...(await readHeld(engine, e164, c.rules[0]!))]);
    }),
  );
  return Promise.all(numbers).then(() => {
    if (!began) return undefined;
    const findings = [...found.flat(), ...[...plan.keys()].flatMap((e164) => after.get(e164) ?? [])];
    const failures = failed.filter((f) => f !== undefined);
    return gone === undefined
      ? { findings, failures }
      : { findings, failures, notRun: `not run: the target no longer holds ${gone} (see target-holds-fixtures)` };
  });
}

async function refresh(engine: Engine, e164: string): Promise<void> {
  const { exchange } = await engine.exchangePatiently(readRequest(engine.target, e164), {
    operation: "GetPhoneNumber",
    addressed: e164,
  });
  const now = numberAnswered(exchange, e164);
  if (now) engine.model.learn(e164, now, { update: engine.model.fromUpdate(e164) });
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
