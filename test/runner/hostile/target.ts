// A hostile target on loopback: a real HTTP server (or a raw socket server) that answers whatever a test
// tells it to, so that the runner is tried as a client of it, end to end, through the command line.
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createNetServer, type AddressInfo, type Socket } from "node:net";
import { join } from "node:path";
import { captureIo } from "../../helpers/cli.js";
import { main } from "../../../src/cli.js";

export interface HostileTarget {
  url: string;
  /** Requests received so far (method, raw path, body as bytes), in order. */
  requests: Array<{ method: string; path: string; body?: Buffer }>;
  close(): Promise<void>;
}

function closer(server: { close(cb: () => void): void }, sockets: Set<Socket>) {
  return () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
}

/** An HTTP server that hands every request (its body read) to `answer`. */
export async function startHostile(
  answer: (req: IncomingMessage, res: ServerResponse, body: string) => void,
): Promise<HostileTarget> {
  const requests: HostileTarget["requests"] = [];
  const sockets = new Set<Socket>();
  const server = createHttpServer(async (req, res) => {
    const entry: HostileTarget["requests"][number] = { method: req.method ?? "", path: req.url ?? "" };
    requests.push(entry);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    entry.body = Buffer.concat(chunks);
    answer(req, res, entry.body.toString("utf8"));
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, close: closer(server, sockets) };
}

/** Every request answered with this status, headers and body (a request id of its own each time). */
export function answering(status: number, headers: Record<string, string>, body: string | Buffer) {
  let n = 0;
  return (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(status, { "x-amzn-requestid": `hostile-${++n}`, ...headers });
    res.end(body);
  };
}

/** A raw socket server: `onData` sees the bytes of each connection and writes what it likes. */
export async function startRaw(onConnection: (socket: Socket) => void): Promise<HostileTarget> {
  const sockets = new Set<Socket>();
  const server = createNetServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    onConnection(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests: [], close: closer(server, sockets) };
}

/** The report files of a run in `dir`, one per reporter that writes a file. */
export function reportPaths(dir: string) {
  return {
    json: join(dir, "report.json"),
    junit: join(dir, "report.xml"),
    html: join(dir, "report.html"),
    tap: join(dir, "report.tap"),
    human: join(dir, "report.txt"),
  };
}

export const everyReporter = (dir: string): string[] =>
  Object.entries(reportPaths(dir)).flatMap(([name, file]) => ["--reporter", `${name}:${file}`]);

/** `chime-voice-contract test ARGV...` in process, with its output captured. */
export async function runTest(argv: string[], stopSignal?: Promise<string>) {
  const { io, output } = captureIo(stopSignal);
  const started = performance.now();
  const code = await main(["test", ...argv], io);
  return { code, seconds: (performance.now() - started) / 1000, ...output };
}
