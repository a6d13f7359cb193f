import { caseRequests } from "../cases/case.js";
import { caseEnd, type CaseEnd } from "./case-end.js";
import { e164Of } from "./case-request.js";
import type { Engine } from "./engine.js";
import type { CoveragePlan } from "./generate/coverage-run.js";
import type { SavedFailure } from "./generate/suite.js";
import type { NumberKind } from "./generate/boundaries.js";
import type { NumberLocks } from "./locks.js";
import type { Picks } from "./picker.js";
import { caseInfo, type PreparedRun } from "./prepare.js";

export interface CoverageQueue {
  picks: Picks;
  /** Numbers a hand-written case updates (its alone). */
  exclusive: ReadonlySet<string>;
  stopped(): boolean;
  /** Settles once every hand-written case has ended. */
  afterHandWritten: Promise<void>;
  callingNameDelayMs?: number;
  signal?: AbortSignal;
  /** Each failed item, with the steps that send it again (`--save-failures`), and the seed saved with it. */
  onFailure?(failure: SavedFailure): void;
  seed?: number;
}

function missing(kind: NumberKind): string {
  const why =
    kind === "pending"
      ? "a pending calling-name update: the fixtures' pending numbers completed or were used up"
      : "see target-holds-fixtures";
  return `not run: the target holds no number that fits '${kind}' (${why})`;
}

/**
 * The coverage families as tasks of `inOrder`, beside the hand-written cases. A family is planned when it is
 * queued, on numbers no hand-written case updates (their kinds stay what the fixture reads showed), those the
 * fewest requests go to first; a family none of those numbers serves waits for the cases and is planned then,
 * from every number, as the target holds them after the cases.
 */
export function coverageQueue(prepared: PreparedRun, engine: Engine, lanes: NumberLocks, q: CoverageQueue) {
  const all = prepared.fixtures.map((f) => f.E164PhoneNumber);
  const usable = all.filter((e) => !q.exclusive.has(e));
  const load = new Map<string, number>();
  for (const c of prepared.cases)
    for (const picked of q.picks.get(c.id)?.values() ?? [])
      if (picked.kind === "fixture") {
        const e164 = e164Of(picked);
        load.set(e164, (load.get(e164) ?? 0) + caseRequests(c).length);
      }
  return (offset: number, index: number, started: () => void): Promise<CaseEnd | undefined> => {
    const family = prepared.coverage[offset]!;
    const info = caseInfo(family.case, new Map());
    const scope = engine.scope();
    let began = 0;
    const context = {
      lanes,
      begin() {
        if (q.stopped()) return false;
        started();
        began = performance.now();
        return true;
      },
      ...(q.callingNameDelayMs !== undefined ? { callingNameDelayMs: q.callingNameDelayMs } : {}),
      ...(q.seed !== undefined ? { seed: q.seed } : {}),
    };
    const send = async (plan: CoveragePlan) => {
      const result = await family.run(scope, plan, context);
      // A family cut short by a signal is not judged: it is counted as not run.
      if (!result || q.signal?.aborted) return undefined;
      for (const failure of result.failures) q.onFailure?.(failure);
      return caseEnd(index, info, { ...result, requests: scope.requests, durationMs: performance.now() - began });
    };
    const plan = family.plan(engine.model, usable, load);
    if (plan instanceof Map) return send(plan);
    return q.afterHandWritten.then(() => {
      if (q.stopped()) return undefined;
      const late = family.plan(engine.model, all, load);
      if (late instanceof Map) return send(late);
      return caseEnd(index, info, { findings: [], requests: 0, durationMs: 0, notRun: missing(late.missing) });
    });
  };
}
