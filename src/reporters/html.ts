import { createHash } from "node:crypto";
import type { ReportedFinding, RunnerEvent } from "../runner/events.js";
import { bodyExcerpt } from "../runner/exchange.js";
import { escapeXml } from "./escape.js";
import { visible } from "./visible.js";
import { collecting, formatMs, type Output, type Reporter } from "./reporter.js";

/** Escaped for HTML, with the characters a terminal would act on shown as escapes (a report is copied from too). */
const esc = (text: string) => escapeXml(visible(text));

const style = `body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#1b1f24}h1{font-size:1.4em}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccd;padding:.25em .6em;text-align:left;vertical-align:top}
.pass{color:#17692d}.fail{color:#b42318}.gap{background:#fff4e5}pre{background:#f6f8fa;padding:.6em;overflow:auto;white-space:pre-wrap;word-break:break-all}
section{border-top:1px solid #ccd;margin-top:1.5em}code{background:#f6f8fa}`;

function findingHtml(f: ReportedFinding): string {
  const r = f.exchange.response;
  const request = `${f.exchange.request.method} ${f.exchange.request.url}\n${Object.entries(f.exchange.request.headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join(
      "\n",
    )}${f.exchange.request.body !== undefined ? `\n\n${bodyExcerpt(f.exchange.request.body, undefined, f.exchange.request.bodyOmitted)}` : ""}`;
  const response = r
    ? `${r.status}\n${Object.entries(r.headers)
        .map(([k, v]) => `${k}: ${v}`)
        .join("\n")}\n\n${bodyExcerpt(r.text, undefined, r.omitted)}`
    : "(no response)";
  return `<div class="finding"><p><b>${esc(f.check)}</b> [${esc(f.rule)}]: ${esc(f.message)}</p>
<p>Reproduce:</p><pre>${esc(f.curl)}</pre>
<p>Request:</p><pre>${esc(request)}</pre>
<p>Response:</p><pre>${esc(response)}</pre>${f.exchange.failure ? `<p>Transport: ${esc(f.exchange.failure.kind)}: ${esc(f.exchange.failure.message)}</p>` : ""}${f.errors ? `<p>ajv errors:</p><pre>${esc(JSON.stringify(f.errors, null, 2))}</pre>` : ""}</div>`;
}

/** One self-contained page: summary, rule coverage, then each failure's request and response. Everything is escaped. */
export function renderHtml(events: readonly RunnerEvent[]): string {
  const start = events.find((e) => e.type === "run-start");
  const end = events.find((e) => e.type === "run-end");
  const ends = events.filter((e) => e.type === "case-end");
  const failedRun = events.find((e) => e.type === "run-failed");
  if (failedRun)
    return page(
      `<h1>Conformance of ${esc(failedRun.target ?? "?")}: the run could not be made</h1>\n<p>${esc(failedRun.message)}</p>`,
    );
  const outcome = new Map(ends.map((e) => [e.case.id, e.outcome]));
  const s = end?.summary;
  const verdict = end?.interrupted
    ? `<span class="fail">INTERRUPTED (${esc(end.interrupted)})</span>`
    : s
      ? s.failed
        ? `<span class="fail">FAIL</span>`
        : `<span class="pass">PASS</span>`
      : "incomplete";
  const coverage = (start?.coverage ?? [])
    .map(
      (row) =>
        `<tr${row.cases.length ? "" : ' class="gap"'}><td>${esc(row.rule)}</td><td>${row.cases.length ? row.cases.map((id) => `<span class="${outcome.get(id) === "failed" ? "fail" : "pass"}">${esc(id)}</span>`).join(", ") : "no case"}</td></tr>`,
    )
    .join("\n");
  const failures = ends
    .filter((e) => e.outcome === "failed")
    .map(
      (e) =>
        `<section><h3 class="fail">${esc(e.case.id)}: ${esc(e.case.title)}</h3><p>${esc(e.case.file)}:${e.case.line}; rules ${esc(e.case.rules.join(", "))}</p>\n${e.findings.map(findingHtml).join("\n")}</section>`,
    )
    .join("\n");
  const rows = ends
    .map(
      (e) =>
        `<tr><td class="${e.outcome === "failed" ? "fail" : "pass"}">${e.outcome}</td><td>${esc(e.case.id)}</td><td>${esc(e.case.rules.join(", "))}</td><td>${esc(e.case.title)}</td></tr>`,
    )
    .join("\n");
  return page(`<h1>Conformance of ${esc(start?.target ?? "?")}: ${verdict}</h1>
<p>${s ? `${s.passed} passed, ${s.failed} failed${s.notRun ? `, ${s.notRun} not run${end?.interrupted ? " (interrupted)" : ""}` : ""} of ${s.total} cases in ${esc(formatMs(s.durationMs))}` : ""}${start ? `; started ${esc(start.startedAt)}` : ""}</p>
<h2>Rule coverage</h2>
<table><tr><th>rule</th><th>cases</th></tr>
${coverage}
</table>
<h2>Failures</h2>
${failures || "<p>None.</p>"}
<h2>All cases</h2>
<table><tr><th>outcome</th><th>case</th><th>rules</th><th>title</th></tr>
${rows}
</table>`);
}

/**
 * Only the page's own inline style may apply, pinned by its hash; no script, image, frame, font, connection,
 * form or base URL, from anywhere: nothing a target's text could add would load or run.
 */
export const contentSecurityPolicy = `default-src 'none'; style-src 'sha256-${createHash("sha256").update(style).digest("base64")}'; base-uri 'none'; form-action 'none'`;

function page(body: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy}"><title>chime-voice-contract conformance report</title><style>${style}</style></head>
<body>
${body}
</body></html>
`;
}

export function htmlReporter(output: Output): Reporter {
  return collecting(output, renderHtml);
}
