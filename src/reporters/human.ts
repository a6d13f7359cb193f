import type { CaseInfo, ReportedFinding, RunAbout, RunnerEvent } from "../judge/events.js";
import type { Exchange } from "../judge/exchange.js";
import { bodyExcerpt } from "../judge/excerpt.js";
import { byExchange, tally } from "./grouping.js";
import { formatMs, type Output, type Reporter } from "./reporter.js";
import { visible } from "./visible.js";

/** One exchange as a reader needs it: what is wrong with it (check, rule, message), the curl command, the response, the ajv errors; the target's text shown visibly escaped. */
export function describeExchange(
  group: { exchange: Exchange; curl: string; findings: readonly ReportedFinding[] },
  indent = "    ",
): string {
  const lines = group.findings.map((f) => `${indent}✗ ${f.check} [${f.rule}]: ${f.message}`);
  lines.push(`${indent}  request:  ${group.curl}`);
  const r = group.exchange.response;
  if (r) {
    lines.push(`${indent}  response: ${r.status}`);
    for (const [name, value] of Object.entries(r.headers)) lines.push(`${indent}    ${name}: ${value}`);
    if (r.text)
      lines.push(
        ...bodyExcerpt(r.text, 600, r.omitted)
          .split("\n")
          .map((l) => `${indent}    ${l}`),
      );
  }
  const failure = group.exchange.failure;
  if (failure) lines.push(`${indent}  transport: ${failure.kind}: ${failure.message}`);
  for (const f of group.findings)
    if (f.errors) lines.push(`${indent}  ajv errors (${f.check}): ${JSON.stringify(f.errors)}`);
  return lines.map(visible).join("\n");
}

/** Every finding of a case, each exchange once. */
export function describeFindings(findings: readonly ReportedFinding[], indent = "    "): string {
  return byExchange(findings)
    .map((g) => describeExchange(g, indent))
    .join("\n");
}

/** One finding with its exchange (as `describeFindings` shows a group of one). */
export function describeFinding(f: ReportedFinding, indent = "    "): string {
  return describeExchange({ exchange: f.exchange, curl: f.curl, findings: [f] }, indent);
}

/**
 * For people: the failures, each case once with each exchange once, what reproduces it, then a tally per check
 * and per rule and the totals. Progress goes to stderr (`progress.ts`), never here.
 */
export function humanReporter(output: Output): Reporter {
  const failures: Array<{ info: CaseInfo; findings: ReportedFinding[] }> = [];
  let total = 0;
  let about: RunAbout | undefined;
  let target = "";
  return {
    event(e: RunnerEvent) {
      switch (e.type) {
        case "run-start":
          total = e.cases.length;
          target = e.target;
          about = e.about;
          output.write(
            `chime-voice-contract test: ${total} cases against ${visible(e.target)}${e.embedded ? " (embedded reference server)" : ""}\n`,
          );
          break;
        case "case-start":
          break;
        case "case-end":
          if (e.outcome === "failed") failures.push({ info: e.case, findings: e.findings });
          break;
        case "run-failed":
          output.write(`chime-voice-contract test: the run could not be made: ${visible(e.message)}\n`);
          break;
        case "run-end": {
          const s = e.summary;
          if (failures.length) {
            output.write(`\nFailures (${failures.length}):\n`);
            for (const { info, findings } of failures) {
              output.write(
                `\n  ${visible(`${info.id}: ${info.title}`)}\n  (${visible(`${info.file}:${info.line}`)}; rules ${info.rules.join(", ")})\n`,
              );
              output.write(`${describeFindings(findings)}\n`);
            }
            const { checks, rules } = tally(failures.map((f) => ({ id: f.info.id, findings: f.findings })));
            const row = (r: { name: string; findings: number; cases: number }) =>
              `${r.name} ${r.cases} case${r.cases === 1 ? "" : "s"} (${r.findings} finding${r.findings === 1 ? "" : "s"})`;
            output.write(`\nBy check: ${checks.map(row).join(", ")}\nBy rule:  ${rules.map(row).join(", ")}\n`);
          }
          for (const o of e.statuses ?? [])
            output.write(
              `\n${o.operation}: statuses seen ${o.seen.join(", ") || "none"}; documented but never provoked ${o.neverProvoked.join(", ") || "none"}`,
            );
          if (e.statuses?.length) output.write("\n");
          output.write(
            `\n${e.interrupted ? `INTERRUPTED (${e.interrupted})` : s.failed ? "FAIL" : "PASS"} ${visible(target)}: ${s.passed} passed, ${s.failed} failed${s.notRun ? `, ${s.notRun} not run${e.interrupted ? " (interrupted)" : ""}` : ""} of ${s.total} cases in ${formatMs(s.durationMs)}\n`,
          );
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
