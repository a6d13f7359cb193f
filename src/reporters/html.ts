import { createHash } from "node:crypto";
import { ruleById } from "../contract/rules.js";
import type { ReportedFinding, RunAbout, RunnerEvent } from "../judge/events.js";
import type { Exchange } from "../judge/exchange.js";
import { shownMessage } from "../judge/finding.js";
import { bodyExcerpt } from "../judge/excerpt.js";
import { byExchange } from "./grouping.js";
import { faultsOf, groupFindings } from "./finding-groups.js";
import { escapeXml } from "./escape.js";
import { plural } from "./plural.js";
import { visible } from "./visible.js";
import { collecting, formatMs, type Output, type Reporter } from "./reporter.js";

/** Escaped for HTML, with the characters a terminal would act on shown as escapes (a report is copied from too). */
const esc = (text: string) => escapeXml(visible(text));

const style = `body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#1b1f24}h1{font-size:1.4em}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccd;padding:.25em .6em;text-align:left;vertical-align:top}
.pass{color:#17692d}.fail{color:#b42318}.gap{background:#fff4e5}pre{background:#f6f8fa;padding:.6em;overflow:auto;white-space:pre-wrap;word-break:break-all}
details{border-top:1px solid #ccd;margin-top:1em;padding-top:.5em}summary{cursor:pointer;font-weight:600}code{background:#f6f8fa}
.about{color:#57606a}.filters label{margin-right:1em}.hidden{display:none}`;

/** Filters by outcome and rule; without script every case stays shown. Pinned by hash in the policy below. */
const script = `(function(){var d=document,f=d.getElementById("filters");if(!f)return;
var items=[].slice.call(d.querySelectorAll("[data-outcome]")),rules={};
items.forEach(function(e){e.getAttribute("data-rules").split(" ").forEach(function(r){if(r)rules[r]=1})});
function select(name,values){var l=d.createElement("label"),s=d.createElement("select");l.textContent=name+" ";s.id="filter-"+name;
["all"].concat(values).forEach(function(v){var o=d.createElement("option");o.value=v;o.textContent=v;s.appendChild(o)});
s.addEventListener("change",apply);l.appendChild(s);f.appendChild(l);return s}
var o=select("outcome",["failed","passed"]),r=select("rule",Object.keys(rules).sort());
function apply(){items.forEach(function(e){var ok=(o.value==="all"||e.getAttribute("data-outcome")===o.value)&&
(r.value==="all"||(" "+e.getAttribute("data-rules")+" ").indexOf(" "+r.value+" ")>=0);e.classList.toggle("hidden",!ok)})}})();`;

const anchor = (id: string) => `case-${id.replace(/[^\w-]/g, "_")}`;

function exchangeHtml(group: { exchange: Exchange; curl: string; findings: readonly ReportedFinding[] }): string {
  const { exchange } = group;
  const r = exchange.response;
  const request = `${exchange.request.method} ${exchange.request.url}\n${Object.entries(exchange.request.headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join(
      "\n",
    )}${exchange.request.body !== undefined ? `\n\n${bodyExcerpt(exchange.request.body, undefined, exchange.request.bodyOmitted)}` : ""}`;
  const response = r
    ? `${r.status}\n${Object.entries(r.headers)
        .map(([k, v]) => `${k}: ${v}`)
        .join("\n")}\n\n${bodyExcerpt(r.text, undefined, r.omitted)}`
    : "(no response)";
  const findings = group.findings
    .map(
      (f) =>
        `<p><b>${esc(f.check)}</b> [<abbr title="${esc(ruleById(f.rule)?.text ?? "")}">${esc(f.rule)}</abbr>]: ${esc(shownMessage(f))}</p>${f.errors ? `<p>ajv errors:</p><pre>${esc(JSON.stringify(f.errors, null, 2))}</pre>` : ""}`,
    )
    .join("\n");
  return `<div class="finding">${findings}
<p>Reproduce:</p><pre>${esc(group.curl)}</pre>
<p>Request:</p><pre>${esc(request)}</pre>
<p>Response:</p><pre>${esc(response)}</pre>${exchange.failure ? `<p>Transport: ${esc(exchange.failure.kind)}: ${esc(exchange.failure.message)}</p>` : ""}</div>`;
}

function aboutHtml(about: RunAbout | undefined): string {
  if (!about) return "";
  return `<p class="about">chime-voice-contract ${esc(about.version)}${about.seed !== undefined ? `; seed ${about.seed}` : ""}; run it again: <code>${esc(about.replay)}</code></p>`;
}

/**
 * One self-contained page that opens on the failures: the verdict, the findings grouped (as the console's summary),
 * every case as a collapsible section, failures first and open, each exchange once with its findings; then rule
 * coverage linked to the cases, and the statuses seen. Everything is escaped.
 */
export function renderHtml(events: readonly RunnerEvent[]): string {
  const start = events.find((e) => e.type === "run-start");
  const end = events.find((e) => e.type === "run-end");
  const ends = events.filter((e) => e.type === "case-end");
  const failedRun = events.find((e) => e.type === "run-failed");
  if (failedRun)
    return page(
      `<h1>Conformance of ${esc(failedRun.target ?? "?")}: the run could not be made</h1>\n<p>${esc(failedRun.message)}</p>\n${aboutHtml(failedRun.about)}`,
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
        `<tr${row.cases.length ? "" : ' class="gap"'}><td>${esc(row.rule)}</td><td>${esc(ruleById(row.rule)?.text ?? "")}</td><td>${row.cases.length ? row.cases.map((id) => `<a class="${outcome.get(id) === "failed" ? "fail" : "pass"}" href="#${anchor(id)}">${esc(id)}</a>`).join(", ") : "no case"}</td></tr>`,
    )
    .join("\n");
  const ordered = [...ends.filter((e) => e.outcome === "failed"), ...ends.filter((e) => e.outcome !== "failed")];
  const cases = ordered
    .map((e) => {
      const failed = e.outcome === "failed";
      const head = `<summary><span class="${failed ? "fail" : "pass"}">${e.outcome}</span> ${esc(e.case.id)}: ${esc(e.case.title)} [${esc(e.case.rules.join(", "))}]</summary>`;
      const where = `<p>${esc(e.case.file)}:${e.case.line}; rules ${esc(e.case.rules.join(", "))}; ${plural(e.requests, "request")} in ${esc(formatMs(e.durationMs))}</p>`;
      const rules = [...new Set([...e.case.rules, ...e.findings.map((f) => f.rule)])].join(" ");
      return `<details id="${anchor(e.case.id)}" data-outcome="${e.outcome}" data-rules="${esc(rules)}"${failed ? " open" : ""}>${head}\n${where}\n${byExchange(e.findings).map(exchangeHtml).join("\n")}</details>`;
    })
    .join("\n");
  const statuses = (end?.statuses ?? [])
    .map(
      (o) =>
        `<tr><td>${esc(o.operation)}</td><td>${esc(o.seen.join(", ") || "none")}</td><td${o.neverProvoked.length ? ' class="gap"' : ""}>${esc(o.neverProvoked.join(", ") || "none")}</td></tr>`,
    )
    .join("\n");
  const groups = groupFindings(
    ends.filter((e) => e.outcome === "failed").map((e) => ({ info: e.case, findings: e.findings })),
  );
  // One entry per fault, naming its rules, as the console's summary.
  const faults = faultsOf(groups);
  const summary = faults.length
    ? `<h2>Summary</h2>\n<ul>${faults
        .slice(0, 12)
        .map(
          (g) =>
            `<li class="fail">${g.findings}× <b>${esc(g.check)}</b> [${esc(g.rules.join(", "))}] in ${g.cases.size} case${g.cases.size === 1 ? "" : "s"}: ${esc(g.example.message)} (e.g. <a href="#${anchor(g.exampleCase.id)}">${esc(g.exampleCase.id)}</a>)</li>`,
        )
        .join(
          "\n",
        )}${faults.length > 12 ? `\n<li>${faults.length - 12} more faults: every finding is in the cases below</li>` : ""}</ul>`
    : "";
  return page(
    `<h1>Conformance of ${esc(start?.target ?? "?")}: ${verdict}</h1>
<p>${s ? `${s.passed} passed, ${s.failed} failed${s.notRun ? `, ${s.notRun} not run${end?.interrupted ? " (interrupted)" : ""}` : ""} of ${plural(s.total, "case")} in ${esc(formatMs(s.durationMs))}` : ""}${start ? `; started ${esc(start.startedAt)}` : ""}</p>
${aboutHtml(start?.about)}
${summary}
<h2>Cases</h2>
<p id="filters" class="filters"></p>
${cases || "<p>None.</p>"}
<h2>Rule coverage</h2>
<table><tr><th>rule</th><th>what it says</th><th>cases</th></tr>
${coverage}
</table>
<h2>Statuses</h2>
<table><tr><th>operation</th><th>seen</th><th>documented, never provoked</th></tr>
${statuses}
</table>`,
    start?.command,
  );
}

/**
 * Only the page's own inline style and script may apply, pinned by their hashes; no image, frame, font,
 * connection, form or base URL, from anywhere: nothing a target's text could add would load or run.
 */
const sha256 = (text: string) => createHash("sha256").update(text).digest("base64");
export const contentSecurityPolicy = `default-src 'none'; style-src 'sha256-${sha256(style)}'; script-src 'sha256-${sha256(script)}'; base-uri 'none'; form-action 'none'`;

/** `command`: the proxy's report says so in its title; a `test` run's is the conformance report it always was. */
function page(body: string, command: "test" | "proxy" = "test"): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy}"><title>chime-voice-contract ${command === "proxy" ? "proxy" : "conformance"} report</title><style>${style}</style></head>
<body>
${body}
<script>${script}</script>
</body></html>
`;
}

export function htmlReporter(output: Output): Reporter {
  return collecting(output, renderHtml);
}
