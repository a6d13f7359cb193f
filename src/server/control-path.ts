/** Kept apart from the contract's paths: W5 answers anything under it with a 404 when the interface is off. */
export const controlPrefix = "/_control";
