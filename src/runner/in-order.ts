import type { CaseInfo, RunnerEvent } from "../judge/events.js";
import type { CaseEnd } from "./case-end.js";

/**
 * Runs one task per case, all at once (each waits for its numbers and for slots as it needs), and yields their
 * events in the cases' defined order, whatever order they happen in: a case's start once it and every case before
 * it has started, its end once it and every case before it has ended. Reports then list cases as defined, the same
 * in every run. A task calls `started` when its case begins and resolves to its end, or to undefined when it did
 * not run to an end (`--bail` stopped it before it began, a signal cut it short): no end is reported for it.
 */
export async function* inOrder(
  first: number,
  infos: readonly CaseInfo[],
  task: (offset: number, started: () => void) => Promise<CaseEnd | undefined>,
): AsyncGenerator<RunnerEvent> {
  const began = infos.map(() => false);
  // undefined: still running; null: done without an end.
  const ends: Array<CaseEnd | null | undefined> = infos.map(() => undefined);
  let failure: { error: unknown } | undefined;
  let wake: (() => void) | undefined;
  const poke = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  // Every task is called now, in order: what each queues on its numbers before its first await is queued in the
  // cases' order.
  const tasks = infos.map((_, i) =>
    task(i, () => {
      began[i] = true;
      poke();
    }).then(
      (end) => {
        ends[i] = end ?? null;
        poke();
      },
      (error: unknown) => {
        failure ??= { error };
        poke();
      },
    ),
  );
  let starts = 0;
  let done = 0;
  while (done < infos.length) {
    if (failure) throw failure.error;
    let moved = false;
    for (; starts < infos.length && (began[starts] || ends[starts] !== undefined); starts++, moved = true)
      if (began[starts] || ends[starts]) yield { type: "case-start", index: first + starts, case: infos[starts]! };
    for (; done < starts && ends[done] !== undefined; done++, moved = true) {
      const end = ends[done];
      if (end) yield end;
    }
    if (!moved) await new Promise<void>((resolve) => (wake = resolve));
  }
  await Promise.all(tasks);
}
