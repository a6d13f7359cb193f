import type { Store, StoredNumber } from "./store.js";

/** A store the server opens itself and closes when it closes. */
export type OwnedStore = Store & { close?(): void };

/**
 * Opens a durable store: given the fixtures as the server would hold them now, it creates the store from them
 * on first use and reuses what is there afterwards (never resetting it).
 */
export type StoreOpener = (fixtureRecords: readonly StoredNumber[]) => Promise<OwnedStore>;

export type StoreSpec = { kind: "memory" } | { kind: "sqlite"; path: string };

/** `--store memory|sqlite:PATH`; a problem is one line for the command to print. */
export function parseStoreSpec(text: string): StoreSpec | { error: string } {
  if (text === "memory") return { kind: "memory" };
  if (text.startsWith("sqlite:")) {
    const path = text.slice("sqlite:".length);
    return path === ""
      ? { error: "--store sqlite:PATH needs a file path, such as sqlite:state.db" }
      : { kind: "sqlite", path };
  }
  return { error: `--store must be memory or sqlite:PATH, got '${text}'` };
}

/** The opener for a spec; undefined for memory, the default store. The SQLite module (and its driver) loads only when asked for. */
export function storeOpener(spec: StoreSpec): StoreOpener | undefined {
  if (spec.kind === "memory") return undefined;
  return async (records) => {
    const { openSqliteStore } = await import("./sqlite-store.js");
    return openSqliteStore(spec.path, records);
  };
}
