import type { RunnerEvent } from "../judge/events.js";
import { shownMessage } from "../judge/finding.js";
import { escapeXml } from "./escape.js";
import { describeFindings } from "./human.js";
import { plural } from "./plural.js";
import { collecting, type Output, type Reporter } from "./reporter.js";

const seconds = (ms: number) => (ms / 1000).toFixed(3);

/** JUnit XML as Jenkins and GitLab read it: one testsuite per case file, one testcase per case. */
export function renderJunit(events: readonly RunnerEvent[]): string {
  const start = events.find((e) => e.type === "run-start");
  const end = events.find((e) => e.type === "run-end");
  const ends = events.filter((e) => e.type === "case-end");
  const failedRun = events.find((e) => e.type === "run-failed");
  if (failedRun) return setupFailure(failedRun.kind, failedRun.message);
  const byFile = new Map<string, typeof ends>();
  for (const e of ends) byFile.set(e.case.file, [...(byFile.get(e.case.file) ?? []), e]);
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const failed = ends.filter((e) => e.outcome === "failed").length;
  lines.push(
    `<testsuites name="chime-voice-contract" tests="${ends.length + (end?.interrupted ? 1 : 0)}" failures="${failed}" errors="${end?.interrupted ? 1 : 0}" time="${seconds(end?.summary.durationMs ?? 0)}">`,
  );
  for (const [file, cases] of byFile) {
    const name = file
      .split(/[\\/]/)
      .pop()!
      .replace(/\.ya?ml$/, "");
    const f = cases.filter((e) => e.outcome === "failed").length;
    const skipped = cases.filter((e) => e.outcome === "not-run").length;
    const time = cases.reduce((sum, e) => sum + e.durationMs, 0);
    lines.push(
      `  <testsuite name="${escapeXml(name)}" tests="${cases.length}" failures="${f}" errors="0" skipped="${skipped}" time="${seconds(time)}"${start ? ` timestamp="${escapeXml(start.startedAt.replace(/\.\d+Z$/, ""))}"` : ""}>`,
    );
    if (start) {
      const about = start.about;
      const props = [
        ["command", start.command],
        ["target", start.target],
        ...(about
          ? [
              ["version", about.version],
              ["replay", about.replay],
            ]
          : []),
        ...(about?.seed !== undefined ? [["seed", String(about.seed)]] : []),
      ];
      lines.push(
        `    <properties>${props.map(([k, v]) => `<property name="${k}" value="${escapeXml(v!)}"/>`).join("")}</properties>`,
      );
    }
    for (const e of cases) {
      const head = `    <testcase classname="${escapeXml(`conformance.${name}`)}" name="${escapeXml(`${e.case.id}: ${e.case.title}`)}" file="${escapeXml(e.case.file)}" line="${e.case.line}" time="${seconds(e.durationMs)}"`;
      if (e.outcome === "passed") {
        lines.push(`${head}/>`);
        continue;
      }
      if (e.outcome === "not-run") {
        lines.push(`${head}><skipped message="${escapeXml(e.reason ?? "not run")}"/></testcase>`);
        continue;
      }
      lines.push(`${head}>`);
      const first = e.findings[0]!;
      const message = `${first.check} [${first.rule}]: ${shownMessage(first)}${e.findings.length > 1 ? ` (+${e.findings.length - 1} more)` : ""}`;
      lines.push(
        `      <failure message="${escapeXml(message)}" type="${escapeXml(first.check)}">${escapeXml(describeFindings(e.findings, ""))}</failure>`,
      );
      lines.push("    </testcase>");
    }
    lines.push("  </testsuite>");
  }
  if (end?.interrupted) {
    // A run stopped by a signal is an error of its own, so that CI shows it even when every finished case passed.
    const message = `the run was interrupted by ${end.interrupted}; ${end.summary.notRun} of ${plural(end.summary.total, "case")} not run`;
    lines.push(
      `  <testsuite name="interrupted" tests="1" failures="0" errors="1" skipped="0" time="0">`,
      `    <testcase classname="conformance.interrupted" name="interrupted" time="0"><error message="${escapeXml(message)}" type="${end.interrupted}"/></testcase>`,
      "  </testsuite>",
    );
  }
  lines.push("</testsuites>");
  return `${lines.join("\n")}\n`;
}

/** The run could not be made (exit 2) or was stopped before its first case: one errored test case says why. */
function setupFailure(kind: string, message: string): string {
  return `${[
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<testsuites name="chime-voice-contract" tests="1" failures="0" errors="1" time="0">',
    '  <testsuite name="setup" tests="1" failures="0" errors="1" skipped="0" time="0">',
    `    <testcase classname="conformance.setup" name="the run could not be made" time="0"><error message="${escapeXml(message)}" type="${escapeXml(kind)}"/></testcase>`,
    "  </testsuite>",
    "</testsuites>",
  ].join("\n")}\n`;
}

export function junitReporter(output: Output): Reporter {
  return collecting(output, renderJunit);
}
