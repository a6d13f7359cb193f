import { caseRequests, type ConformanceCase } from "../cases/case.js";
import type { CaseInfo } from "../judge/events.js";
import { e164Of } from "./case-request.js";
import { runCase, type CaseRunOptions } from "./case-run.js";
import type { Engine } from "./engine.js";
import type { NumberLocks } from "./locks.js";
import type { Picks } from "./picker.js";
import { caseEnd, type CaseEnd } from "./case-end.js";

export interface CaseQueue {
  cases: readonly ConformanceCase[];
  infos: readonly CaseInfo[];
  picks: Picks;
  /** Cases not run, and why (the target does not hold the numbers they need). */
  notRun: ReadonlyMap<string, string>;
  engine: Engine;
  /** The run's lanes: every number's holders, one after another in the order they were queued. */
  lanes: NumberLocks;
  run: CaseRunOptions;
  /** No case starts once this is true (`--bail` after a failure, a signal). */
  stopped(): boolean;
  signal?: AbortSignal;
}

/**
 * Hand-written case `offset` (index `offset + 1`), as a task of `inOrder`: queued on the numbers it was picked
 * when called, it begins once they are its own, so that cases that share a number run one after another in
 * their defined order, each judging what the number holds when it starts, and cases on other numbers at once.
 */
export function caseTask(q: CaseQueue, offset: number, started: () => void): Promise<CaseEnd | undefined> {
  const c = q.cases[offset]!;
  const info = q.infos[offset]!;
  const reason = q.notRun.get(c.id);
  if (reason !== undefined)
    return Promise.resolve(caseEnd(offset + 1, info, { findings: [], requests: 0, durationMs: 0, notRun: reason }));
  const numbers = q.picks.get(c.id)!;
  // Fictional numbers too: cases that send to one are in the same order in every run.
  return q.lanes.run(
    [...numbers.values()].map(e164Of),
    async () => {
      if (q.stopped()) return undefined;
      started();
      const began = performance.now();
      const result = await runCase(c, numbers, q.engine.scope(), q.run);
      // A case cut short by a signal is not judged: it is counted as not run.
      if (q.signal?.aborted) return undefined;
      return caseEnd(offset + 1, info, { ...result, durationMs: performance.now() - began });
    },
    timesCallingName(c, q.run.callingNameDelayMs),
  );
}

/**
 * A case that judges a calling-name update while it is pending, against a target whose delay is short
 * (`--calling-name-delay`): it runs alone, so that its steps come as soon as the target answers, not after other
 * cases' answers are judged (on a busy machine that took longer than a delay of a few hundred ms, and the update
 * had completed when the case expected it pending).
 */
function timesCallingName(c: ConformanceCase, delayMs: number | undefined): boolean {
  if (delayMs === undefined) return false;
  return (
    Object.values(c.numbers).some((n) => n.callingNameStatus === "UpdateInProgress") ||
    caseRequests(c).some((r) => typeof r.json === "object" && r.json !== null && "CallingName" in r.json)
  );
}
