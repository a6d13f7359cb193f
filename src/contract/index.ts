export * from "./contract.js";
export * from "./loader.js";
export * from "./document.js";
export * from "./errors.js";
export * from "./rules.js";
export * from "./members.js";
export * from "./paths.js";
export * from "../fixtures/fixtures.js";
