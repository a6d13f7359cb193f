import type { ConformanceCase } from "../cases/case.js";
import type { CaseInfo, RunnerEvent } from "../judge/events.js";
import { e164Of } from "./case-request.js";
import { runCase, type CaseRunOptions } from "./case-run.js";
import type { Engine } from "./engine.js";
import { NumberLocks } from "./locks.js";
import type { Picks } from "./picker.js";
import { caseEnd } from "./case-end.js";

export interface CaseQueue {
  cases: readonly ConformanceCase[];
  infos: readonly CaseInfo[];
  picks: Picks;
  /** Cases not run, and why (the target does not hold the numbers they need). */
  notRun: ReadonlyMap<string, string>;
  engine: Engine;
  concurrency: number;
  run: CaseRunOptions;
  /** No case starts once this is true (`--bail` after a failure, a signal). */
  stopped(): boolean;
  signal?: AbortSignal;
}

/**
 * The hand-written cases, `concurrency` at a time: cases that share a number run one after another, each judging
 * what the number holds when it starts. Yields each case's start and end as they happen (index 1 onwards).
 */
export async function* runCases(q: CaseQueue): AsyncGenerator<RunnerEvent> {
  const queue: RunnerEvent[] = [];
  let wake: (() => void) | undefined;
  const emit = (event: RunnerEvent) => {
    queue.push(event);
    wake?.();
  };
  const locks = new NumberLocks();
  let next = 0;
  q.signal?.addEventListener("abort", () => wake?.(), { once: true });
  const worker = async () => {
    while (!q.stopped() && next < q.cases.length) {
      const index = next++;
      const info = q.infos[index]!;
      emit({ type: "case-start", index: index + 1, case: info });
      const end = await runOne(q, index, locks);
      // A case cut short by a signal is not judged: it is counted as not run.
      if (q.signal?.aborted) return;
      emit(end);
    }
  };
  let running = q.concurrency;
  const workers = Array.from({ length: q.concurrency }, () =>
    worker().finally(() => {
      running--;
      wake?.();
    }),
  );
  while (running > 0 || queue.length) {
    if (queue.length) {
      yield queue.shift()!;
      continue;
    }
    await new Promise<void>((resolve) => (wake = resolve));
    wake = undefined;
  }
  await Promise.all(workers);
}

async function runOne(q: CaseQueue, index: number, locks: NumberLocks) {
  const c = q.cases[index]!;
  const info = q.infos[index]!;
  const reason = q.notRun.get(c.id);
  if (reason !== undefined)
    return caseEnd(index + 1, info, { findings: [], requests: 0, durationMs: 0, notRun: reason });
  const started = performance.now();
  const numbers = q.picks.get(c.id)!;
  const release = await locks.acquire([...numbers.values()].filter((p) => p.kind === "fixture").map((p) => e164Of(p)));
  try {
    const result = await runCase(c, numbers, q.engine.scope(), q.run);
    return caseEnd(index + 1, info, { ...result, durationMs: performance.now() - started });
  } finally {
    release();
  }
}
