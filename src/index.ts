// The library entry point: what the CLI does, callable from code.
export * from "./contract/index.js";
export { lintDocument, type LintResult } from "./contract/lint.js";
export * from "./server/index.js";
export { main } from "./cli.js";
export { runConformance, prepareRun, SetupError, type ConformanceOptions } from "./runner/run.js";
export type { RunnerEvent, CaseInfo, ReportedFinding, CoverageRow, RunSummary } from "./judge/events.js";
// The response checks, for any exchange whoever made it (a validating proxy, a team's own tests).
export {
  checkExchange,
  responseChecks,
  caseChecks,
  checkRegistry,
  type ExchangeInput,
  type Finding,
  type ResponseCheck,
} from "./judge/checks/index.js";
export type { Exchange, SentRequest, ReceivedResponse, TransportFailure } from "./judge/exchange.js";
export { operationOf } from "./judge/operation.js";
// The validating proxy and the fixtures capture, as the `proxy` and `fixtures capture` commands run them.
export { startValidatingProxy, type ValidatingProxy, type ValidatingProxyOptions } from "./proxy/index.js";
export { captureFixtures, CaptureError } from "./fixtures/capture.js";
