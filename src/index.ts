// The library entry point: what the CLI does, callable from code.
export * from "./contract/index.js";
export { lintDocument, type LintResult } from "./contract/lint.js";
export * from "./server/index.js";
export { main } from "./cli.js";
export { runConformance, prepareRun, SetupError, type ConformanceOptions } from "./runner/run.js";
export type { RunnerEvent, CaseInfo, ReportedFinding, CoverageRow, RunSummary } from "./judge/events.js";
// The judge: the checks every tester applies, for any exchange whoever made it (a validating proxy, a team's own
// tests), what a tester expects of it, and the model of what the numbers hold.
export {
  checkExchange,
  judgeExchange,
  responseChecks,
  expectationChecks,
  checkRegistry,
  type Check,
  type CheckInput,
  type Finding,
  type SessionView,
} from "./judge/checks/index.js";
export type { Expectation, ReadExpectation, GroupStatuses } from "./judge/expectation.js";
export { NumberModel, type NumberView } from "./judge/number-model.js";
export { observedExpectation } from "./judge/observed.js";
export { judgeRequest, type RequestVerdict } from "./judge/request-verdict.js";
export type { Exchange, SentRequest, ReceivedResponse, TransportFailure } from "./judge/exchange.js";
export { operationOf } from "./judge/operation.js";
// The validating proxy and the fixtures capture, as the `proxy` and `fixtures capture` commands run them.
export { startValidatingProxy, type ValidatingProxy, type ValidatingProxyOptions } from "./proxy/index.js";
export { captureFixtures, CaptureError } from "./fixtures/capture.js";
