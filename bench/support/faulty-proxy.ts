import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { request } from "undici";

/** A request or response as a fault sees it: text bodies, lower-case header names. */
export interface Message {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}
export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface ProxyContext {
  /** Sends a request to the reference server behind the proxy. */
  forward(message: Message): Promise<Answer>;
}

/** One way to break the contract: rewrite the request, answer instead of the server, rewrite the answer, or misbehave on the socket. */
export interface Fault {
  request?(message: Message): Message;
  answer?(message: Message, context: ProxyContext): Promise<Answer | undefined> | Answer | undefined;
  response?(message: Message, answer: Answer, context: ProxyContext): Promise<Answer> | Answer;
  /** Takes the raw exchange over; returns true when it did. */
  raw?(req: IncomingMessage, res: ServerResponse, message: Message): boolean;
}

/** A 200 whose JSON body never ends: spaces, 64 KiB at a time, for as long as the client reads. */
export function streamEndlessBody(res: ServerResponse, requestId: string): void {
  res.writeHead(200, { "content-type": "application/json", "x-amzn-requestid": requestId });
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  const pump = () => {
    while (!res.destroyed && res.write(chunk));
    if (!res.destroyed) res.once("drain", pump);
  };
  pump();
}

/** A loopback proxy in front of `upstream` that applies one fault. */
export async function startProxy(upstream: string, fault: Fault): Promise<{ url: string; close(): Promise<void> }> {
  const forward = async (m: Message): Promise<Answer> => {
    const headers = { ...m.headers };
    delete headers["content-length"];
    delete headers.host;
    delete headers.connection;
    const res = await request(`${upstream}${m.path}`, {
      method: m.method as "GET",
      headers,
      ...(m.body !== "" || m.method === "POST" ? { body: m.body } : {}),
    });
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers))
      if (v !== undefined && !["content-length", "transfer-encoding", "connection", "keep-alive"].includes(k))
        out[k] = Array.isArray(v) ? v.join(", ") : v;
    return { status: res.statusCode, headers: out, body: await res.body.text() };
  };
  const context: ProxyContext = { forward };
  const sockets = new Set<import("node:net").Socket>();
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers))
      if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(", ") : v;
    let message: Message = {
      method: req.method ?? "GET",
      path: req.url ?? "/",
      headers,
      body: Buffer.concat(chunks).toString("utf8"),
    };
    try {
      if (fault.raw?.(req, res, message)) return;
      if (fault.request) message = fault.request(message);
      let answer = (await fault.answer?.(message, context)) ?? (await forward(message));
      if (fault.response) answer = await fault.response(message, answer, context);
      res.writeHead(answer.status, { ...answer.headers, "content-length": Buffer.byteLength(answer.body) });
      res.end(message.method === "HEAD" ? undefined : answer.body);
    } catch (error) {
      res.writeHead(599).end(String(error));
    }
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** JSON helpers for faults. */
export function editJson(body: string, edit: (value: Record<string, unknown>) => void): string {
  const value = JSON.parse(body) as Record<string, unknown>;
  edit(value);
  return JSON.stringify(value);
}

export function parseJson(body: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(body);
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function label(path: string): string {
  return path.split("?")[0]!.split("/")[2] ?? "";
}

/** The E.164 number a label addresses, decoded as W1 says. */
export function numberOf(path: string): string {
  let l = decodeURIComponent(label(path));
  if (l.startsWith("%2B")) l = decodeURIComponent(l);
  return l;
}
