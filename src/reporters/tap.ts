import type { ReportedFinding, RunnerEvent } from "../judge/events.js";
import { shownMessage } from "../judge/finding.js";
import { bodyExcerpt } from "../judge/excerpt.js";
import type { Output, Reporter } from "./reporter.js";
import { visible } from "./visible.js";
import { indentLines, safeYaml } from "./yaml-safe.js";

/** A finding as plain data for YAML diagnostics and the JSON report. */
export function findingData(f: ReportedFinding) {
  const r = f.exchange.response;
  return {
    check: f.check,
    rule: f.rule,
    // The message as people read it, context and all, as before `context` was its own member.
    message: shownMessage(f),
    ...(f.context !== undefined ? { context: f.context } : {}),
    curl: f.curl,
    request: {
      method: f.exchange.request.method,
      url: f.exchange.request.url,
      headers: f.exchange.request.headers,
      ...(f.exchange.request.body !== undefined
        ? { body: bodyExcerpt(f.exchange.request.body, undefined, f.exchange.request.bodyOmitted) }
        : {}),
    },
    ...(r
      ? {
          response: {
            status: r.status,
            headers: r.headers,
            body: bodyExcerpt(r.text, undefined, r.omitted),
            truncated: r.truncated,
          },
        }
      : {}),
    ...(f.exchange.failure ? { transport: f.exchange.failure } : {}),
    ...(f.errors ? { errors: f.errors } : {}),
  };
}

/** TAP version 14: one test point per case, in the order cases finish, with YAML diagnostics for failures. */
export function tapReporter(output: Output): Reporter {
  let point = 0;
  let planned = 0;
  return {
    event(e: RunnerEvent) {
      if (e.type === "run-start") {
        planned = e.cases.length;
        output.write(`TAP version 14\n# chime-voice-contract ${e.command} against ${visible(e.target)}\n`);
        if (e.about)
          output.write(
            `# chime-voice-contract ${e.about.version}${e.about.seed !== undefined ? `; seed ${e.about.seed}` : ""}; again: ${visible(e.about.replay)}\n`,
          );
        output.write(`1..${e.cases.length}\n`);
      } else if (e.type === "case-end") {
        point++;
        const title = visible(`${e.case.id} - ${e.case.title} [${e.case.rules.join(", ")}]`).replace(/#/g, "\\#");
        if (e.outcome === "passed") {
          output.write(`ok ${point} - ${title}\n`);
        } else if (e.outcome === "not-run") {
          output.write(`ok ${point} - ${title} # SKIP ${(e.reason ?? "not run").replace(/#/g, "\\#")}\n`);
        } else {
          output.write(`not ok ${point} - ${title}\n`);
          const diag = safeYaml({ file: e.case.file, line: e.case.line, findings: e.findings.map(findingData) });
          output.write(`  ---\n${indentLines(diag, "  ")}  ...\n`);
        }
      } else if (e.type === "run-end") {
        const s = e.summary;
        const why = e.interrupted ? `interrupted by ${e.interrupted}` : "--bail stopped the run";
        while (point < planned) output.write(`ok ${++point} - not run # SKIP ${why}\n`);
        output.write(`# ${s.passed} passed, ${s.failed} failed\n`);
        // A consumer must not take an interrupted run for a complete one.
        if (e.interrupted) output.write(`Bail out! the run was interrupted by ${e.interrupted}\n`);
      } else if (e.type === "run-failed") {
        output.write(
          `TAP version 14\n1..0\nBail out! the run could not be made: ${visible(e.message).replace(/[\r\n]+/g, " ")}\n`,
        );
      }
    },
    end() {},
  };
}
