// The library entry point: what the CLI does, callable from code.
export * from "./contract/index.js";
export { lintDocument, type LintResult } from "./contract/lint.js";
export * from "./server/index.js";
export { main } from "./cli.js";
