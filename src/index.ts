// The library entry point: what the CLI does, callable from code.
export * from "./contract/index.js";
export { lintDocument, type LintResult } from "./contract/lint.js";
export * from "./server/index.js";
export { main } from "./cli.js";
export { runConformance, prepareRun, SetupError, type ConformanceOptions } from "./runner/run.js";
export type { RunnerEvent, CaseInfo, ReportedFinding, CoverageRow, RunSummary } from "./runner/events.js";
