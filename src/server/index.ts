// The reference server: buildServer for inject and embedding, startServer to listen.
export { buildServer, defaultCallingNameDelayMs, type ServerOptions } from "./app.js";
export { startServer, type RunningServer } from "./start.js";
export { systemClock, type Clock } from "./clock.js";
export type { SharedStore, Store, StoredNumber } from "./store.js";
export { MemoryStore } from "./memory-store.js";
export { defaultTimeouts, type ServerTimeouts } from "./timeouts.js";
export { parseStoreSpec, storeOpener, type StoreOpener, type StoreSpec } from "./store-spec.js";
export { loadCredentials, type CredentialEntry } from "./credentials.js";
export { controlPrefix } from "./control.js";
