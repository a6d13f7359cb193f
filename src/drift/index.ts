export {
  runDrift,
  driftExitCode,
  installedBotocoreModel,
  type DriftOptions,
  type DriftResult,
  type ExplainedDifference,
} from "./drift.js";
export { DriftInputError } from "./input-error.js";
export { differenceId, type Difference, type DifferenceKind } from "./difference.js";
export { humanReport, jsonReport } from "./report.js";
export { defaultAllowlistPath } from "./paths.js";
export type { ModelSource } from "./smithy.js";
