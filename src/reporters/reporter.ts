import type { RunnerEvent } from "../judge/events.js";

/** Where a reporter writes: a stream, or a file opened by the command. */
export interface Output {
  write(text: string): void;
  isTTY?: boolean;
  columns?: number;
}

/** Turns the runner's events into output; it never calls back into the runner. */
export interface Reporter {
  event(event: RunnerEvent): void;
  /** The run is over (or could not go on): flush what is left. */
  end(): void;
}

/** A reporter that renders once from every event of the run (JSON, JUnit, HTML). */
export function collecting(output: Output, render: (events: readonly RunnerEvent[]) => string): Reporter {
  const events: RunnerEvent[] = [];
  return {
    event: (e) => void events.push(e),
    end: () => {
      if (events.length) output.write(render(events));
    },
  };
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}
