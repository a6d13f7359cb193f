// The same cases run through `app.inject()` and over real loopback HTTP; each transport is one function.
import type { Test } from "tap";
import { buildServer, startServer, type ServerOptions } from "../../src/server/index.js";
import { httpExchange, inject, type Exchange } from "./helpers.js";

export interface RequestSpec {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export type Send = (t: Test, request: RequestSpec) => Promise<Exchange>;

export interface Transport {
  name: string;
  /** Starts a fresh server (fixtures as shipped) and returns how to send to it; closed at the test's end. */
  open(t: Test, options?: ServerOptions): Promise<Send>;
}

export const transports: Transport[] = [
  {
    name: "inject",
    async open(t, options = {}) {
      const app = await buildServer({ logLevel: "silent", ...options });
      t.teardown(() => app.close());
      return (tt, r) =>
        inject(tt, app, {
          method: r.method,
          url: r.url,
          ...(r.headers ? { headers: r.headers } : {}),
          ...(r.body !== undefined ? { payload: r.body } : {}),
        });
    },
  },
  {
    name: "loopback HTTP",
    async open(t, options = {}) {
      const running = await startServer({ logLevel: "silent", ...options });
      t.teardown(() => running.close());
      return (tt, r) => httpExchange(tt, running.url, r);
    },
  },
];
