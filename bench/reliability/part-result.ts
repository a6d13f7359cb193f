// What each part of the reliability run reports: pass or fail, the figures measured, and the findings (each a
// line naming the rule or property it breaks). The script prints one line per part; tests assert on findings.

export interface PartResult {
  name: string;
  pass: boolean;
  /** Short "name value" figures, in the order they are printed. */
  figures: string[];
  /** Why the part failed; empty when it passed. At most a few of each kind are kept (see `Findings`). */
  findings: string[];
}

/** Collects findings, keeping the first few of each kind and counting the rest, so a storm of one failure stays readable. */
export class Findings {
  readonly #kept = new Map<string, string[]>();
  readonly #counts = new Map<string, number>();
  constructor(readonly perKind = 3) {}

  add(kind: string, detail: string): void {
    this.#counts.set(kind, (this.#counts.get(kind) ?? 0) + 1);
    const kept = this.#kept.get(kind) ?? [];
    if (kept.length < this.perKind) kept.push(detail);
    this.#kept.set(kind, kept);
  }

  get size(): number {
    let n = 0;
    for (const c of this.#counts.values()) n += c;
    return n;
  }

  list(): string[] {
    return [...this.#kept].flatMap(([kind, details]) => {
      const count = this.#counts.get(kind)!;
      return details.map(
        (d, i) =>
          `${kind}: ${d}${i === details.length - 1 && count > details.length ? ` (and ${count - details.length} more)` : ""}`,
      );
    });
  }
}

export function partResult(name: string, figures: string[], findings: Findings | string[]): PartResult {
  const list = Array.isArray(findings) ? findings : findings.list();
  return { name, pass: list.length === 0, figures, findings: list };
}

export function formatPart(result: PartResult): string {
  const head = `${result.pass ? "PASS" : "FAIL"} ${result.name}: ${result.figures.join(", ")}`;
  return [head, ...result.findings.map((f) => `     ${f}`)].join("\n");
}

/** The value at quantile q (0..1) of numbers, nearest rank; NaN for none. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export const ms = (value: number): string => (value >= 100 ? `${value.toFixed(0)} ms` : `${value.toFixed(1)} ms`);
