// A reverse proxy that holds every request before forwarding it, as a target far away would, and records what
// it forwarded: the latency benchmark puts it in front of the reference server, and the runner's determinism test
// uses its record (with a random hold, so that answers come back in a different order each run).
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Agent, request } from "undici";

export interface ForwardedRequest {
  method: string;
  /** The request target as received (the raw path and query). */
  path: string;
  body: string;
  /** performance.now() when the request was complete, and when its answer was sent. */
  arrivedAt: number;
  answeredAt: number;
}

export interface DelayProxy {
  url: string;
  /** Every request forwarded since the last `take`, in the order they arrived. */
  take(): ForwardedRequest[];
  close(): Promise<void>;
}

/** Headers that describe one connection, not the message: never copied across the proxy. */
const hopByHop = new Set(["connection", "keep-alive", "transfer-encoding", "upgrade", "proxy-connection", "te"]);

/** `holdMs`: a fixed hold, or a function giving each request's (a random hold shuffles the answers' order). */
export async function startDelayProxy(target: string, holdMs: number | (() => number)): Promise<DelayProxy> {
  const upstream = new Agent({ keepAliveTimeout: 10_000, connections: 512 });
  let record: ForwardedRequest[] = [];
  const hold = typeof holdMs === "number" ? () => holdMs : holdMs;
  const forward = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const entry: ForwardedRequest = {
      method: req.method ?? "GET",
      path: req.url ?? "/",
      body: body.toString("utf8"),
      arrivedAt: performance.now(),
      answeredAt: Number.NaN,
    };
    record.push(entry);
    const ms = hold();
    if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(req.headers))
      if (value !== undefined && !hopByHop.has(name) && name !== "host") headers[name] = value;
    try {
      const answer = await request(new URL(entry.path, target), {
        method: entry.method as "GET",
        headers,
        ...(body.length || entry.method === "POST" ? { body } : {}),
        dispatcher: upstream,
      });
      const payload = Buffer.from(await answer.body.arrayBuffer());
      for (const [name, value] of Object.entries(answer.headers))
        if (value !== undefined && !hopByHop.has(name)) res.setHeader(name, value);
      res.sendDate = false;
      res.writeHead(answer.statusCode);
      res.end(entry.method === "HEAD" ? undefined : payload);
    } catch (error) {
      res.writeHead(502, { "content-type": "application/json" });
      res.end(JSON.stringify({ message: `delay proxy: ${(error as Error).message}` }));
    }
    entry.answeredAt = performance.now();
  };
  const server = createServer({ keepAliveTimeout: 10_000 }, (req, res) => void forward(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    take() {
      const out = record;
      record = [];
      return out;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await upstream.close();
    },
  };
}

/**
 * The longest chain of dependent requests in a record made with no cap on concurrency: a request depends on at
 * most the requests answered before it arrived, so its depth is one more than the deepest of those. With every
 * request held the same time, a runner that sends each request as soon as what it waits for is answered shows
 * its dependencies this way (an upper bound: a request sent late for another reason counts deeper).
 */
export function longestChain(record: readonly ForwardedRequest[]): number {
  const byArrival = [...record].sort((a, b) => a.arrivedAt - b.arrivedAt);
  const byAnswer = [...record].sort((a, b) => a.answeredAt - b.answeredAt);
  const depth = new Map<ForwardedRequest, number>();
  let answered = 0;
  let deepestAnswered = 0;
  let longest = 0;
  for (const r of byArrival) {
    while (answered < byAnswer.length && byAnswer[answered]!.answeredAt <= r.arrivedAt) {
      deepestAnswered = Math.max(deepestAnswered, depth.get(byAnswer[answered]!) ?? 0);
      answered++;
    }
    const d = deepestAnswered + 1;
    depth.set(r, d);
    longest = Math.max(longest, d);
  }
  return longest;
}
