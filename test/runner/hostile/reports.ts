// Reads back every report a run wrote, the way the tools that consume them would: the JSON report against its
// schema and as strict UTF-8 that jq accepts, TAP through tap-parser, JUnit as well-formed XML, HTML as a whole
// page. Each reader fails on what its consumer would fail on.
import { existsSync, readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { Parser } from "tap-parser";
import { jsonReportSchemaPath } from "../../../src/reporters/index.js";
import { reportPaths } from "./target.js";

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;
const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);
const validateReport = ajv.compile(JSON.parse(readFileSync(jsonReportSchemaPath, "utf8")) as object);

export interface JsonReport {
  exitCode: number | null;
  interrupted?: string | null;
  error?: { kind: string; message: string } | null;
  summary: { total: number; passed: number; failed: number; notRun: number } | null;
  cases: Array<{ id: string; outcome: string; findings: Array<{ check: string; rule: string; message: string }> }>;
}

/** The first string or key holding an unpaired surrogate (JSON.parse turns a `\ud800` escape into one). */
function loneSurrogate(value: unknown): string | undefined {
  const lone = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
  const pending = [value];
  while (pending.length) {
    const v = pending.pop();
    if (typeof v === "string" && lone.test(v)) return v;
    if (v && typeof v === "object")
      for (const [k, x] of Object.entries(v)) {
        if (lone.test(k)) return k;
        pending.push(x);
      }
  }
  return undefined;
}

/** Strict UTF-8, no unpaired surrogate escape (jq 1.6 refuses `\ud800`), valid against the report's schema. */
export function readJsonReport(file: string): JsonReport {
  const bytes = readFileSync(file);
  if (bytes.length === 0) throw new Error(`${file} is empty`);
  const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  const report = JSON.parse(text) as JsonReport;
  const lone = loneSurrogate(report);
  if (lone) throw new Error(`${file} has an unpaired surrogate escape in ${JSON.stringify(lone)}`);
  if (!validateReport(report)) throw new Error(`${file} is not valid: ${JSON.stringify(validateReport.errors)}`);
  return report;
}

/** What tap-parser reads: the plan, the test points, whether it saw every point it was promised. */
export async function readTap(file: string) {
  const text = readFileSync(file, "utf8");
  const parser = new Parser();
  const results = await new Promise<{
    ok: boolean;
    count: number;
    pass: number;
    fail: number;
    skip: number;
    bailout: string | boolean;
    plan: { end: number };
  }>((resolve) => {
    parser.on("complete", resolve);
    parser.end(text);
  });
  return { text, ...results };
}

/**
 * Well-formed XML 1.0, checked by hand (no XML parser is a dependency): only characters XML allows, every
 * entity known, every tag closed in order, one root element.
 */
export function checkXml(file: string): string {
  const text = readFileSync(file, "utf8");
  if (text.length === 0) throw new Error(`${file}: Document is empty`);
  const bad =
    /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.exec(
      text,
    );
  if (bad) throw new Error(`${file}: a character XML forbids (U+${bad[0].charCodeAt(0).toString(16)})`);
  const body = text.replace(/^<\?xml[^?]*\?>\s*/, "");
  const stack: string[] = [];
  let roots = 0;
  for (const m of body.matchAll(
    /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[\w.-]+="[^"<]*")*)\s*(\/?)>|<|&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);)/gi,
  )) {
    if (m[2] === undefined) throw new Error(`${file}: a stray '${m[0]}' at ${m.index}`);
    if (m[1]) {
      if (stack.pop() !== m[2]) throw new Error(`${file}: </${m[2]}> closes nothing open at ${m.index}`);
    } else {
      if (stack.length === 0) roots++;
      if (!m[4]) stack.push(m[2]);
    }
  }
  if (stack.length || roots !== 1) throw new Error(`${file}: unclosed ${stack.join(", ")} or ${roots} roots`);
  return text;
}

/** Every report of `everyReporter(dir)`, each read by its consumer's rules. */
export async function readReports(dir: string) {
  const paths = reportPaths(dir);
  for (const [name, file] of Object.entries(paths))
    if (!existsSync(file) || readFileSync(file).length === 0)
      throw new Error(`the ${name} report ${file} is missing or empty`);
  const html = readFileSync(paths.html, "utf8");
  if (!/^<!DOCTYPE html>/.test(html) || !/<\/html>\s*$/.test(html))
    throw new Error("the HTML report is not a whole page");
  return {
    json: readJsonReport(paths.json),
    tap: await readTap(paths.tap),
    junit: checkXml(paths.junit),
    html,
    human: readFileSync(paths.human, "utf8"),
  };
}
