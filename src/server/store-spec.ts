import type { SharedStore, Store, StoredNumber } from "./store.js";

/** A store the server opens itself and closes when it closes. */
export type OwnedStore = Store & { close?(): void };

/**
 * Opens a durable store: given the fixtures as the server would hold them now, it creates the store from them
 * on first use and reuses what is there afterwards (never resetting it). A shared store (PostgreSQL) makes the
 * servers that open it replicas of one service.
 */
export type StoreOpener = (fixtureRecords: readonly StoredNumber[]) => Promise<OwnedStore | SharedStore>;

export type StoreSpec = { kind: "memory" } | { kind: "sqlite"; path: string } | { kind: "postgres"; url: string };

/** `--store memory|sqlite:PATH|postgres://...`; a problem is one line for the command to print. */
export function parseStoreSpec(text: string): StoreSpec | { error: string } {
  if (text === "memory") return { kind: "memory" };
  if (text.startsWith("sqlite:")) {
    const path = text.slice("sqlite:".length);
    return path === ""
      ? { error: "--store sqlite:PATH needs a file path, such as sqlite:state.db" }
      : { kind: "sqlite", path };
  }
  if (text.startsWith("postgres://") || text.startsWith("postgresql://")) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return { error: "--store postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE is not a valid URL" };
    }
    if (url.hostname === "" || url.pathname.length <= 1)
      return { error: "--store postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE needs a host and a database name" };
    return { kind: "postgres", url: text };
  }
  return { error: `--store must be memory, sqlite:PATH or postgres://USER@HOST/DATABASE, got '${text}'` };
}

/** The opener for a spec; undefined for memory, the default store. Each durable store's module (and driver) loads only when asked for. */
export function storeOpener(spec: StoreSpec): StoreOpener | undefined {
  if (spec.kind === "memory") return undefined;
  if (spec.kind === "postgres") {
    return async (records) => {
      const { openPostgresStore } = await import("./postgres-store.js");
      return openPostgresStore(spec.url, records);
    };
  }
  return async (records) => {
    const { openSqliteStore } = await import("./sqlite-store.js");
    return openSqliteStore(spec.path, records);
  };
}
