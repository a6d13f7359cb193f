// Every response a server test receives goes through `checkResponse` (W4): its status is documented for the
// operation (404 for anything outside the contract, W5) and its headers and body validate against the document.
import { request as httpRequest } from "node:http";
import { connect } from "node:net";
import { Readable } from "node:stream";
import type { FastifyInstance, InjectOptions } from "fastify";
import type { Test } from "tap";
import { loadContract, type Contract, type PhoneNumber } from "../../src/contract/index.js";
import { checkExchange, operationOf, responseChecks } from "../../src/index.js";
import type { Clock } from "../../src/server/index.js";
import { MemoryStore } from "../../src/server/memory-store.js";
import type { StoredNumber } from "../../src/server/store.js";

type Tap = Test;

export const contract: Contract = await loadContract();

export interface Exchange {
  method: string;
  url: string;
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: unknown;
}

/**
 * W2-W5 on one response, by the runner's own response checks (`checkExchange`, as the package exports it), plus
 * W5's one expectation of every server test: a request outside the contract is a 404. Returns the findings as
 * strings so a failure shows all of them at once. A 5xx is judged like any answer but not refused: the server's
 * tests provoke 500 and 503 on purpose (faults on demand).
 */
export function responseFindings(
  method: string,
  url: string,
  status: number,
  headers: Exchange["headers"],
  text: string,
): string[] {
  const operation = operationOf(method, url);
  const findings: string[] = [];
  if (!operation && status !== 404)
    findings.push(`W5: ${method} ${url.slice(0, 80)} is outside the contract but answered ${status}, not 404`);
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers))
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  const exchange = {
    request: { method, url, path: url, headers: {} },
    response: { status, headers: flat, text, size: Buffer.byteLength(text), truncated: false },
    durationMs: 0,
  };
  const checks = responseChecks.map((c) => c.name).filter((name) => name !== "no_server_error");
  for (const f of checkExchange({ contract, exchange, ...(operation ? { operation } : {}) }, checks))
    findings.push(`${f.rule}: ${f.message}`);
  return findings;
}

export function checkResponse(t: Tap, exchange: Omit<Exchange, "json">): Exchange {
  const findings = responseFindings(exchange.method, exchange.url, exchange.status, exchange.headers, exchange.text);
  t.same(
    findings,
    [],
    `W4: ${exchange.method} ${exchange.url.slice(0, 60)} -> ${exchange.status} conforms to the document`,
  );
  let json: unknown;
  try {
    json = JSON.parse(exchange.text);
  } catch {
    json = undefined;
  }
  return { ...exchange, json };
}

/** `app.inject()`, checked. */
export async function inject(
  t: Tap,
  app: FastifyInstance,
  options: InjectOptions & { method: string; url: string },
): Promise<Exchange> {
  const r = await app.inject(options);
  return checkResponse(t, {
    method: options.method,
    url: options.url,
    status: r.statusCode,
    headers: stringHeaders(r.headers),
    text: r.body,
  });
}

function stringHeaders(headers: Record<string, string | string[] | number | undefined>): Exchange["headers"] {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, typeof v === "number" ? String(v) : v]));
}

/** A real request over loopback with node:http (which sends the URL exactly as given), checked. */
export function httpExchange(
  t: Tap,
  base: string,
  options: { method: string; url: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${base}${options.url}`,
      { method: options.method, headers: options.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve(
            checkResponse(t, {
              method: options.method,
              url: options.url,
              status: res.statusCode ?? 0,
              headers: res.headers,
              text: Buffer.concat(chunks).toString("utf8"),
            }),
          ),
        );
        res.on("error", reject);
      },
    );
    // node:http would normalise some URLs; the request line is written as given.
    req.path = options.url;
    req.on("error", reject);
    req.end(options.body);
  });
}

/**
 * A request over loopback with node:http, unchecked (the control interface answers JSON of its own, outside the
 * document), where every header is sent as given: `fetch` would not send a `Host` of the caller's choosing.
 */
export function plainRequest(
  base: string,
  options: { method: string; url: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; headers: Exchange["headers"]; text: string; json: unknown }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${base}${options.url}`,
      { method: options.method, headers: options.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

/** Bytes written to a raw socket, the whole answer read until the server closes or `waitMs` passes. */
export function rawExchange(port: number, bytes: string | Buffer, waitMs = 2_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => socket.destroy(), waitMs);
    socket.on("data", (c: Buffer) => chunks.push(c));
    socket.on("close", () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString("latin1"));
    });
    socket.on("error", (e: NodeJS.ErrnoException) => (e.code === "ECONNRESET" ? undefined : reject(e)));
    socket.write(bytes);
  });
}

/** Splits a raw HTTP/1.1 answer and checks it like any other. */
export function checkRawResponse(t: Tap, method: string, url: string, raw: string): Exchange {
  const [head = "", ...rest] = raw.split("\r\n\r\n");
  const [statusLine = "", ...lines] = head.split("\r\n");
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const i = line.indexOf(":");
    if (i > 0) headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
  }
  return checkResponse(t, {
    method,
    url,
    status: Number(statusLine.split(" ")[1]),
    headers,
    text: rest.join("\r\n\r\n"),
  });
}

/** A memory store whose reads (and so every request on the contract's routes) throw `failing` while it is set. */
export class FailingStore extends MemoryStore {
  failing: Error | undefined;
  override read(e164: string): StoredNumber | undefined {
    if (this.failing) throw this.failing;
    return super.read(e164);
  }
}

/** A clock the test moves. */
export class ManualClock implements Clock {
  constructor(public time = Date.parse("2026-03-01T12:00:00.000Z")) {}
  now(): number {
    return this.time;
  }
  advance(ms: number): void {
    this.time += ms;
  }
}

export const json = { "content-type": "application/json" };
export const usNumber = "%2B12065550100";
export const gbNumber = "%2B442079460000";
export const pendingNumber = "%2B12065550130";

export function phoneNumberOf(exchange: Exchange): PhoneNumber {
  return (exchange.json as { PhoneNumber: PhoneNumber }).PhoneNumber;
}

/** A body stream for the SDK's request handler wrapper. */
export function bodyStream(bytes: Buffer): Readable {
  return Readable.from([bytes]);
}
