import { humanReporter, type HumanOptions } from "./human.js";
import { htmlReporter } from "./html.js";
import { jsonReporter } from "./json.js";
import { junitReporter } from "./junit.js";
import type { Output, Reporter } from "./reporter.js";
import { tapReporter } from "./tap.js";

export type { Output, Reporter } from "./reporter.js";
export { describeFinding, type HumanOptions } from "./human.js";
export { renderJson, jsonReportVersion, jsonReportSchemaPath } from "./json.js";
export { renderJunit } from "./junit.js";
export { renderHtml } from "./html.js";

export const reporterNames = ["human", "tap", "junit", "json", "html"] as const;
export type ReporterName = (typeof reporterNames)[number];

const factories: Record<ReporterName, (output: Output, options: HumanOptions) => Reporter> = {
  human: humanReporter,
  tap: tapReporter,
  junit: junitReporter,
  json: jsonReporter,
  html: htmlReporter,
};

/** A reporter by name; `options` concern the console report (colour, `--max-failures`). */
export function createReporter(name: ReporterName, output: Output, options: HumanOptions = {}): Reporter {
  return factories[name](output, options);
}
