// The proxy command run in process, as `chime-voice-contract proxy ...` would run, stopped as SIGTERM stops it.
import { once } from "node:events";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import type { Test } from "tap";
import { main } from "../../src/cli.js";
import { captureIo, type CapturedOutput } from "../helpers/cli.js";

export interface RunningProxyCommand {
  url: string;
  output: CapturedOutput;
  /** Sends the stop signal; resolves to the exit code once the reports are written. */
  stop(signal?: string): Promise<number>;
}

export async function startProxyCommand(...argv: string[]): Promise<RunningProxyCommand> {
  let signal!: (name: string) => void;
  const { io, output } = captureIo(new Promise<string>((resolve) => (signal = resolve)));
  const done = main(["proxy", "--port", "0", ...argv], io);
  let code: number | undefined;
  void done.then((c) => (code = c));
  while (!output.out.includes("\n")) {
    if (code !== undefined) throw new Error(`proxy exited ${code}: ${output.err}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const url = /^listening on (\S+)$/m.exec(output.out)?.[1];
  if (!url) throw new Error(`no listening line: ${output.out}`);
  return {
    url,
    output,
    stop: async (name = "SIGTERM") => {
      signal(name);
      return done;
    },
  };
}

/** The rules the proxy's findings cite, one per stderr line. */
export function findingRules(stderr: string): string[] {
  return [...stderr.matchAll(/^finding \[(\w+)\]/gm)].map((m) => m[1]!);
}

/** The check and rule of each of the proxy's findings, `check [RULE]`, one per stderr line. */
export function findingChecks(stderr: string): string[] {
  return [...stderr.matchAll(/^finding \[(\w+)\] .*? -> \S+: (\w+): /gm)].map((m) => `${m[2]} [${m[1]}]`);
}

/**
 * A target that answers every request 200 `{}` (a 2xx the contract does not allow: W2) once it has read the body,
 * and keeps the headers of each request it saw.
 */
export async function answeringTarget(t: Test): Promise<{ url: string; seen: IncomingHttpHeaders[] }> {
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    seen.push(req.headers);
    req.resume();
    req.on("end", () => res.writeHead(200, { "content-type": "application/json" }).end("{}"));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}
