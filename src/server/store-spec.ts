import { isPostgresStoreValue, parsePostgresTarget } from "./postgres-target.js";
import { hideFromProcessTitle } from "./process-title.js";
import { redactUrl, schemeOf } from "./redaction.js";
import type { SharedStore, Store, StoredNumber } from "./store.js";

/** A store the server opens itself and closes when it closes. */
export type OwnedStore = Store & { close?(): void };

/**
 * Opens a durable store: given the fixtures as the server would hold them now, it creates the store from them
 * on first use and reuses what is there afterwards (never resetting it). A shared store (PostgreSQL) makes the
 * servers that open it replicas of one service.
 */
export type StoreOpener = (fixtureRecords: readonly StoredNumber[]) => Promise<OwnedStore | SharedStore>;

/** `url`: the `--store` value as given: a postgres:// or postgresql:// URL, or `postgres` alone (the libpq environment). */
export type StoreSpec = { kind: "memory" } | { kind: "sqlite"; path: string } | { kind: "postgres"; url: string };

export interface StoreOpenerOptions {
  /** Aborting it (serve's SIGINT or SIGTERM) ends an opening in progress at once: it rejects with an AbortError. */
  signal?: AbortSignal;
}

/**
 * `--store memory|sqlite:PATH|postgres[://...]`; a problem is one line for the command to print, with any
 * password in the value replaced by `***`. A PostgreSQL value is read with the libpq environment `env`.
 */
export function parseStoreSpec(text: string, env: NodeJS.ProcessEnv = process.env): StoreSpec | { error: string } {
  if (text === "memory") return { kind: "memory" };
  if (text.startsWith("sqlite:")) {
    const path = text.slice("sqlite:".length);
    return path === ""
      ? { error: "--store sqlite:PATH needs a file path, such as sqlite:state.db" }
      : { kind: "sqlite", path };
  }
  if (isPostgresStoreValue(text)) {
    const target = parsePostgresTarget(text, env);
    return "error" in target ? { error: target.error } : { kind: "postgres", url: text };
  }
  // A URL of another scheme is repeated with its password hidden; of anything else, only the scheme word
  // (`memory:password=pw` holds no URL for a redaction to find the password in), or nothing (`host=... password=...`).
  const scheme = schemeOf(text);
  const got =
    scheme === undefined
      ? " (the value is not shown: it may hold a password)"
      : text.startsWith(`${scheme}://`)
        ? `, got '${redactUrl(text)}'`
        : `, got '${scheme}:...'`;
  return {
    error: `--store must be memory, sqlite:PATH, postgres://[USER@][HOST][:PORT][/DATABASE] or postgres (the libpq environment)${got}`,
  };
}

/**
 * The opener for a spec; undefined for memory, the default store. Each durable store's module (and driver) loads
 * only when asked for. Choosing a PostgreSQL store hides the password it holds from the process title at once.
 */
export function storeOpener(spec: StoreSpec, options: StoreOpenerOptions = {}): StoreOpener | undefined {
  if (spec.kind === "memory") return undefined;
  if (spec.kind === "postgres") {
    const target = parsePostgresTarget(spec.url);
    if (!("error" in target)) hideFromProcessTitle(target.secrets);
    return async (records) => {
      const { openPostgresStore } = await import("./postgres-store.js");
      return openPostgresStore(spec.url, records, options.signal ? { signal: options.signal } : {});
    };
  }
  return async (records) => {
    const { openSqliteStore } = await import("./sqlite-store.js");
    return openSqliteStore(spec.path, records);
  };
}
