export * from "./contract.js";
export * from "./document.js";
export * from "./errors.js";
export * from "./paths.js";
export * from "./fixtures.js";
