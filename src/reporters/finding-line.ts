import { type ReportedFinding, shownMessage } from "../judge/finding.js";
import { visible } from "./visible.js";

/** A target's text on one line: control characters escaped, line breaks too. */
const oneLine = (text: string) => visible(text).replace(/\r?\n/g, "\\n");

/** One line per finding, as the proxy prints them live on stderr: rule, request, answer, check, what was wrong. */
export function findingLine(f: ReportedFinding): string {
  const r = f.exchange.request;
  const answer = f.exchange.response?.status ?? f.exchange.failure?.kind ?? "no answer";
  return `finding [${f.rule}] ${r.method} ${oneLine(r.path)} -> ${answer}: ${f.check}: ${oneLine(shownMessage(f))}\n`;
}
