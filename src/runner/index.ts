export * from "./case.js";
export { loadCases, parseCases, CaseError, caseSchemaPath } from "./case-loader.js";
export { checkRegistry, type Check, type CheckInput, type Finding } from "./checks/index.js";
export * from "./events.js";
export { runConformance, prepareRun, SetupError, type ConformanceOptions } from "./run.js";
export { selectCases, coverage, coverageGaps } from "./selection.js";
