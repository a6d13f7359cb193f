import type { CaseInfo, ReportedFinding, RunAbout, RunnerEvent } from "../judge/events.js";
import { shownMessage } from "../judge/finding.js";
import type { Exchange } from "../judge/exchange.js";
import { bodyExcerpt } from "../judge/excerpt.js";
import { noColours, type Palette } from "./colour.js";
import { groupFindings } from "./finding-groups.js";
import { byExchange, tally } from "./grouping.js";
import { formatMs, type Output, type Reporter } from "./reporter.js";
import { answerLine, summaryLines } from "./summary.js";
import { plural } from "./plural.js";
import { visible } from "./visible.js";

/** Headers that carry no verdict: left out of what people read (the JSON report keeps them). */
const noVerdict = new Set(["date", "connection", "keep-alive"]);

export interface HumanOptions {
  colours?: Palette;
  /** The full list shows at most this many failing cases (`--max-failures`); the summary counts them all. */
  maxFailures?: number;
}

/**
 * One exchange as a reader needs it: what is wrong with it (check, rule, message), the curl command, the response
 * (but for headers that carry no verdict), the ajv errors; the target's text shown visibly escaped.
 * `brief`: the response on one line (its whole form is shown once in the summary's example).
 */
export function describeExchange(
  group: { exchange: Exchange; curl: string; findings: readonly ReportedFinding[] },
  indent = "    ",
  brief = false,
  c: Palette = noColours,
): string {
  const lines = group.findings.map(
    (f) => `${indent}${c.fail("✗")} ${f.check} [${f.rule}]: ${visible(shownMessage(f))}`,
  );
  lines.push(c.dim(`${indent}  request:  ${visible(group.curl)}`));
  const r = group.exchange.response;
  if (r && brief) lines.push(`${indent}  response: ${visible(answerLine(group.exchange))}`);
  else if (r) {
    lines.push(`${indent}  response: ${r.status}`);
    for (const [name, value] of Object.entries(r.headers))
      if (!noVerdict.has(name)) lines.push(`${indent}    ${visible(`${name}: ${value}`)}`);
    if (r.text)
      lines.push(
        ...bodyExcerpt(r.text, 600, r.omitted)
          .split("\n")
          .map((l) => `${indent}    ${visible(l)}`),
      );
  }
  const failure = group.exchange.failure;
  if (failure) lines.push(`${indent}  transport: ${visible(`${failure.kind}: ${failure.message}`)}`);
  if (!brief)
    for (const f of group.findings)
      if (f.errors) lines.push(`${indent}  ajv errors (${f.check}): ${visible(JSON.stringify(f.errors))}`);
  return lines.join("\n");
}

/** Every finding of a case, each exchange once. */
export function describeFindings(findings: readonly ReportedFinding[], indent = "    ", brief = false, c = noColours) {
  return byExchange(findings)
    .map((g) => describeExchange(g, indent, brief, c))
    .join("\n");
}

/** One finding with its exchange (as `describeFindings` shows a group of one). */
export function describeFinding(f: ReportedFinding, indent = "    "): string {
  return describeExchange({ exchange: f.exchange, curl: f.curl, findings: [f] }, indent);
}

type ExchangeFindings = ReturnType<typeof byExchange>[number];

/**
 * A case's exchanges, each whose findings say word for word what an earlier one's say (50 reads of fixture numbers
 * all answered the same broken 500) counted instead of shown again: one case is then about a screen, not hundreds
 * of lines that repeat themselves, and `--max-failures 1` shows what it promises, the first case.
 */
function distinctExchanges(exchanges: readonly ExchangeFindings[]) {
  const said = (g: ExchangeFindings) => g.findings.map((f) => `${f.check} [${f.rule}] ${shownMessage(f)}`).join("\n");
  const shown: ExchangeFindings[] = [];
  const repeats = new Map<string, { count: number; first: string; last: string }>();
  const seen = new Set<string>();
  for (const g of exchanges) {
    const key = said(g);
    const request = `${g.exchange.request.method} ${g.exchange.request.path}`;
    if (!seen.has(key)) {
      seen.add(key);
      shown.push(g);
      continue;
    }
    const r = repeats.get(key);
    if (r) {
      r.count++;
      r.last = request;
    } else repeats.set(key, { count: 1, first: request, last: request });
  }
  return { shown, repeated: [...repeats.values()] };
}

function verdictLine(e: Extract<RunnerEvent, { type: "run-end" }>, target: string, c: Palette): string {
  const s = e.summary;
  const word = e.interrupted ? c.warn(`INTERRUPTED (${e.interrupted})`) : s.failed ? c.fail("FAIL") : c.pass("PASS");
  const notRun = s.notRun ? `, ${s.notRun} not run${e.interrupted ? " (interrupted)" : ""}` : "";
  return `${word} ${visible(target)}: ${s.passed} passed, ${s.failed} failed${notRun} of ${plural(s.total, "case")} in ${formatMs(s.durationMs)}\n`;
}

/**
 * For people: a summary that fits one screen (findings grouped, with an example each), then every failing case
 * with each exchange once (the full response shown once per group, in the summary's example), a tally per check
 * and per rule, the statuses seen, and the totals. Progress and hints go to stderr (`progress.ts`), never here.
 */
export function humanReporter(output: Output, options: HumanOptions = {}): Reporter {
  const c = options.colours ?? noColours;
  const failures: Array<{ info: CaseInfo; findings: ReportedFinding[] }> = [];
  let about: RunAbout | undefined;
  let target = "";
  const writeFailures = () => {
    const groups = groupFindings(failures);
    const limit = options.maxFailures ?? failures.length;
    output.write(`\n${summaryLines(groups, c, limit < failures.length).join("\n")}\n`);
    output.write(
      `\n${c.bold(`Failures (${failures.length})`)}${limit < failures.length ? `, the first ${limit} (--max-failures)` : ""}:\n`,
    );
    // Each group's example is shown whole in full once; every other exchange in brief.
    const examples = new Set(groups.map((g) => g.example.exchange));
    for (const { info, findings } of failures.slice(0, limit)) {
      output.write(
        `\n  ${c.bold(visible(`${info.id}: ${info.title}`))}\n  (${visible(`${info.file}:${info.line}`)}; rules ${info.rules.join(", ")})\n`,
      );
      const { shown, repeated } = distinctExchanges(byExchange(findings));
      for (const g of shown) output.write(`${describeExchange(g, "    ", !examples.delete(g.exchange), c)}\n`);
      for (const { count, first, last } of repeated)
        output.write(
          c.dim(
            `    ${plural(count, "more exchange")} with the same findings as one above (${visible(first)}${count > 1 ? ` … ${visible(last)}` : ""}): the file reports hold each\n`,
          ),
        );
    }
    const { checks, rules } = tally(failures.map((f) => ({ id: f.info.id, findings: f.findings })));
    const row = (r: { name: string; findings: number; cases: number }) =>
      `${r.name} ${plural(r.cases, "case")} (${plural(r.findings, "finding")})`;
    output.write(`\nBy check: ${checks.map(row).join(", ")}\nBy rule:  ${rules.map(row).join(", ")}\n`);
  };
  return {
    event(e: RunnerEvent) {
      switch (e.type) {
        case "run-start":
          target = e.target;
          about = e.about;
          output.write(
            `chime-voice-contract ${e.command}: ${plural(e.cases.length, "case")} against ${visible(e.target)}${e.embedded ? " (embedded reference server)" : ""}\n`,
          );
          break;
        case "case-end":
          if (e.outcome === "failed") failures.push({ info: e.case, findings: e.findings });
          break;
        case "run-failed":
          output.write(`chime-voice-contract test: the run could not be made: ${visible(e.message)}\n`);
          break;
        case "run-end": {
          if (failures.length) writeFailures();
          for (const o of e.statuses ?? [])
            output.write(
              `\n${o.operation}: statuses seen ${o.seen.join(", ") || "none"}; documented but never provoked ${o.neverProvoked.join(", ") || "none"}`,
            );
          if (e.statuses?.length) output.write("\n");
          output.write(`\n${verdictLine(e, target, c)}`);
          if (about)
            output.write(
              `chime-voice-contract ${about.version}${about.seed !== undefined ? `; seed ${about.seed}` : ""}; again: ${visible(about.replay)}\n`,
            );
          break;
        }
      }
    },
    end() {},
  };
}
