// One request through an undici Pool (keep-alive connections, one request per connection at a time), read to
// the end, with the outcome as data: an answer, or the transport error that stopped it.
import type { Dispatcher } from "undici";
import type { Answer } from "./envelope.js";

export interface PlainRequest {
  method: "GET" | "POST" | "DELETE";
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export type Outcome = { answer: Answer; ms: number } | { error: string; ms: number };

export async function send(dispatcher: Dispatcher, request: PlainRequest): Promise<Outcome> {
  const started = performance.now();
  try {
    const res = await dispatcher.request({
      path: request.path,
      method: request.method,
      ...(request.headers ? { headers: request.headers } : {}),
      ...(request.body !== undefined ? { body: request.body } : {}),
    });
    const body = await res.body.text();
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(res.headers))
      if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
    return { answer: { status: res.statusCode, headers, body }, ms: performance.now() - started };
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    return { error: `${e.code ?? e.name}: ${e.message}`, ms: performance.now() - started };
  }
}
