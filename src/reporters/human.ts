import type { CaseInfo, ReportedFinding, RunnerEvent } from "../runner/events.js";
import { bodyExcerpt } from "../runner/exchange.js";
import { formatMs, type Output, type Reporter } from "./reporter.js";
import { visible } from "./visible.js";

/** The finding as a reader needs it: check and rule, the curl command, the response, the ajv errors; the target's text shown visibly escaped. */
export function describeFinding(f: ReportedFinding, indent = "    "): string {
  const lines = [`${indent}✗ ${f.check} [${f.rule}]: ${f.message}`, `${indent}  request:  ${f.curl}`];
  const r = f.exchange.response;
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
  if (f.exchange.failure) lines.push(`${indent}  transport: ${f.exchange.failure.kind}: ${f.exchange.failure.message}`);
  if (f.errors) lines.push(`${indent}  ajv errors: ${JSON.stringify(f.errors)}`);
  return lines.map(visible).join("\n");
}

/**
 * For people: on a TTY a progress line rewritten in place; piped, one plain line per case. The summary
 * lists failures first, each with what reproduces it, then the totals.
 */
export function humanReporter(output: Output): Reporter {
  const tty = output.isTTY === true;
  const failures: Array<{ info: CaseInfo; findings: ReportedFinding[] }> = [];
  let total = 0;
  let done = 0;
  let target = "";
  return {
    event(e: RunnerEvent) {
      switch (e.type) {
        case "run-start":
          total = e.cases.length;
          target = e.target;
          output.write(
            `chime-voice-contract test: ${total} cases against ${visible(e.target)}${e.embedded ? " (embedded reference server)" : ""}\n`,
          );
          break;
        case "case-start":
          break;
        case "case-end": {
          done++;
          if (e.outcome === "failed") failures.push({ info: e.case, findings: e.findings });
          if (tty) {
            const width = Math.max(20, (output.columns ?? 80) - 1);
            const line = visible(`[${done}/${total}] ${failures.length} failed  ${e.case.id}`);
            output.write(`\r\x1b[K${line.slice(0, width)}`);
          } else {
            output.write(
              `${visible(`${e.outcome === "passed" ? "ok  " : "FAIL"} ${e.case.id} (${e.case.rules.join(", ")})`)}\n`,
            );
          }
          break;
        }
        case "run-failed":
          output.write(`chime-voice-contract test: the run could not be made: ${visible(e.message)}\n`);
          break;
        case "run-end": {
          if (tty) output.write("\r\x1b[K");
          const s = e.summary;
          if (failures.length) {
            output.write(`\nFailures (${failures.length}):\n`);
            for (const { info, findings } of failures) {
              output.write(
                `\n  ${visible(`${info.id}: ${info.title}`)}\n  (${visible(`${info.file}:${info.line}`)}; rules ${info.rules.join(", ")})\n`,
              );
              for (const f of findings) output.write(`${describeFinding(f)}\n`);
            }
          }
          output.write(
            `\n${e.interrupted ? `INTERRUPTED (${e.interrupted})` : s.failed ? "FAIL" : "PASS"} ${visible(target)}: ${s.passed} passed, ${s.failed} failed${s.notRun ? `, ${s.notRun} not run (${e.interrupted ? "interrupted" : "--bail"})` : ""} of ${s.total} cases in ${formatMs(s.durationMs)}\n`,
          );
          break;
        }
      }
    },
    end() {},
  };
}
