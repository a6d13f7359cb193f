import type { Exchange } from "../judge/exchange.js";
import { bodyExcerpt } from "../judge/excerpt.js";
import { noColours, type Palette } from "./colour.js";
import { type FindingGroup, faultsOf } from "./finding-groups.js";
import { plural } from "./plural.js";
import { visible } from "./visible.js";

/** What the console report shows at most in its summary: one screen. */
const screen = { lines: 40, columns: 80 };

const cut = (text: string, width: number) => (text.length <= width ? text : `${text.slice(0, width - 1)}…`);

/** The answer in one line: status, and the body's excerpt. */
export function answerLine(exchange: Exchange): string {
  const r = exchange.response;
  if (!r) return exchange.failure ? `${exchange.failure.kind}: ${exchange.failure.message}` : "no answer";
  return `${r.status} ${bodyExcerpt(r.text, 200, r.omitted).replace(/\s*\n\s*/g, " ")}`;
}

/**
 * DESIGN "A failing run on one screen": the findings grouped by check, rule and what was wrong, with counts and
 * one example exchange each, as many as fit 40 lines at 80 columns. The groups of one check and fault are one
 * entry naming their rules, so that a target failing every case the same way shows its few faults at once.
 */
export function summaryLines(groups: readonly FindingGroup[], c: Palette = noColours, listBounded = false): string[] {
  const total = groups.reduce((n, g) => n + g.findings, 0);
  const faults = faultsOf(groups);
  const head = `Summary: ${plural(total, "finding")} in ${plural(groups.length, "group")} of the same check, rule and fault`;
  const lines = [cut(head, screen.columns)];
  let shown = 0;
  for (const f of faults) {
    const r = f.example.exchange.request;
    const text = [
      cut(`  ${f.findings}× ${f.check} [${f.rules.join(", ")}] in ${plural(f.cases.size, "case")}`, screen.columns),
      cut(`      ${visible(f.example.message)}`, screen.columns),
      cut(
        `      e.g. ${visible(`${f.exampleCase.id}: ${r.method} ${r.path} -> ${answerLine(f.example.exchange)}`)}`,
        screen.columns,
      ),
    ];
    // Room left for this fault and, if more follow, the line that says so.
    if (lines.length + text.length + (shown + 1 < faults.length ? 1 : 0) > screen.lines) break;
    lines.push(c.fail(text[0]!), text[1]!, c.dim(text[2]!));
    shown++;
  }
  if (shown < faults.length)
    lines.push(
      `  ${plural(faults.length - shown, "more fault")}: ${listBounded ? "the list below stops at --max-failures; file reports hold all" : "every finding is in the list below"}`,
    );
  return lines;
}
