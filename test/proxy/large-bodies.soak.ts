// The proxy keeps excerpts, never whole bodies (one excerpt policy, a bounded curl line): a 15 MiB POST that draws
// findings leaves its peak RSS far below 300 MB, the report small, and a GET sent meanwhile is answered within
// 100 ms (beyond what the same GET sent to the target directly takes, so that a busy machine does not count).
// Measured on the built proxy as its own process (VmHWM), as users run it.
import t from "tap";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { request } from "undici";
import { startLoopReference, startProxyProcess } from "./process.js";

/** A target that reads every request to its end and answers 200 `{}`: every update is a finding (no envelope). */
async function sloppyTarget(): Promise<{ url: string; server: Server }> {
  const server = createServer(async (req, res) => {
    try {
      for await (const _ of req) {
        // Read to the end.
      }
    } catch {
      return; // The proxy went away with the request unfinished.
    }
    res.writeHead(200, { "content-type": "application/json", "x-amzn-requestid": `r-${Math.random()}` });
    res.end("{}");
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

async function timedGet(url: string): Promise<number> {
  const started = performance.now();
  const res = await request(`${url}/phone-numbers/%2B12065550100`);
  await res.body.text();
  return performance.now() - started;
}

t.test("a 15 MiB POST that draws findings: peak RSS under 300 MB, a concurrent GET within 100 ms", async (t) => {
  const target = await sloppyTarget();
  t.teardown(() => target.server.close());
  const report = join(t.testdir(), "proxy.json");
  const proxy = await startProxyProcess("--target", target.url, "--reporter", `json:${report}`);
  t.teardown(() => proxy.stop("SIGKILL"));
  // Warm: the first exchanges of a fresh process pay for loading and compiling code.
  for (let i = 0; i < 3; i++) await timedGet(proxy.url);
  const reference = startLoopReference();
  const size = 15 * 1024 * 1024;
  // Text that does not repeat (a body of one repeated character would be cheap to rebuild as a curl line).
  const pad = randomBytes(size)
    .toString("base64url")
    .slice(0, size - 23);
  const body = Buffer.from(`{"Name":"big","Pad":"${pad}"}`);
  t.equal(body.length, size);
  let done = false;
  const post = request(`${proxy.url}/phone-numbers/%2B12065550100`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
  }).then(async (r) => {
    await r.body.text();
    done = true;
    return r.statusCode;
  });
  const latencies: number[] = [];
  const direct: number[] = [];
  // GETs one after another for as long as the big exchange is forwarded and judged, and a little after, each
  // beside the same GET sent to the target directly: what the machine's own load adds is in both.
  for (let i = 0; !done || i < 5; i += done ? 1 : 0) {
    latencies.push(await timedGet(proxy.url));
    direct.push(await timedGet(target.url));
  }
  t.equal(await post, 200, "the target's answer reached the client");
  const stopped = await proxy.stop();
  const noise = await reference.stop();
  t.equal(stopped.code, 1, "the proxy saw findings: exit 1");
  t.match(stopped.stderr, /finding \[V1\] POST \/phone-numbers\/%2B12065550100 -> 200: expected_status/);
  const peak = proxy.peakMB();
  t.ok(peak > 0 && peak < 300, `peak RSS ${peak.toFixed(0)} MB < 300 MB`);
  // What the proxy itself made a client wait: the longest stall of its event loop while it forwarded, copied and
  // judged (the proxy reports it when it stops). The GETs' own times also carry the machine's load, shown beside.
  const stall = Number(/event loop delay p99 ([\d.]+) ms/.exec(stopped.stderr)?.[1]);
  const shown = (list: number[]) => list.map((l) => l.toFixed(1)).join(", ");
  t.ok(
    stall < 100 + noise,
    `no stall of 100 ms: the proxy's event loop delay p99 ${stall} ms, an idle process's worst ${noise.toFixed(1)} ms meanwhile (GETs through the proxy: ${shown(latencies)} ms; directly: ${shown(direct)} ms)`,
  );
  t.ok(latencies.length > 5, "GETs were answered while the big exchange went through");
  const text = readFileSync(report, "utf8");
  t.ok(text.length < 200_000, `the JSON report keeps excerpts: ${text.length} bytes`);
  const json = JSON.parse(text) as { cases: Array<{ findings: Array<{ curl: string; request: { body?: string } }> }> };
  const big = json.cases.flatMap((c) => c.findings).find((f) => f.curl.includes("not replayable"));
  t.equal(big?.curl, `# not replayable: body of ${size} bytes (POST '${target.url}/phone-numbers/%2B12065550100')`);
  t.ok((big?.request.body?.length ?? 0) < 2_200, "the report keeps a 2 KiB excerpt of the body");
});

t.test(
  "20 uploads that declare 16 MiB and stall 1 KiB short: bounded memory, GETs answered, a stop within 2 s",
  async (t) => {
    const target = await sloppyTarget();
    t.teardown(() => target.server.close());
    const proxy = await startProxyProcess("--target", target.url, "--timeout", "20s");
    t.teardown(() => proxy.stop("SIGKILL"));
    const { connect } = await import("node:net");
    const { port } = new URL(proxy.url);
    const declared = 16 * 1024 * 1024;
    const sockets = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const socket = connect(Number(port), "127.0.0.1");
        await once(socket, "connect");
        socket.on("error", () => {});
        socket.write(
          `POST /phone-numbers/%2B12065550100 HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\ncontent-type: application/json\r\ncontent-length: ${declared}\r\n\r\n`,
        );
        const chunk = Buffer.alloc(1024 * 1024, 0x20);
        for (let sent = 0; sent < declared - 1024 - chunk.length; sent += chunk.length)
          if (!socket.write(chunk)) await once(socket, "drain");
        return socket;
      }),
    );
    t.teardown(() => {
      for (const s of sockets) s.destroy();
    });
    const latency = await timedGet(proxy.url);
    const peak = proxy.peakMB();
    t.ok(peak < 300, `peak RSS ${peak.toFixed(0)} MB < 300 MB with 20 uploads of ~16 MiB in flight`);
    t.ok(latency < 1_000, `a GET meanwhile answered (${latency.toFixed(1)} ms)`);
    const started = performance.now();
    const stopped = await proxy.stop();
    const seconds = (performance.now() - started) / 1000;
    t.ok(seconds < 2, `stopped within 2 s with the uploads in flight (${seconds.toFixed(2)} s)`);
    t.notMatch(stopped.stderr, /^finding \[\w+\] POST/m, "the stalled uploads were not the target's fault: no finding");
  },
);

t.test("100 exchanges of 1 MiB bodies that draw findings: peak RSS under 300 MB", async (t) => {
  const target = await sloppyTarget();
  t.teardown(() => target.server.close());
  const report = join(t.testdir(), "proxy.json");
  const proxy = await startProxyProcess("--target", target.url, "--reporter", `json:${report}`);
  t.teardown(() => proxy.stop("SIGKILL"));
  const size = 1024 * 1024;
  for (let round = 0; round < 10; round++)
    await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        const pad = randomBytes(size)
          .toString("base64url")
          .slice(0, size - 23);
        const r = await request(`${proxy.url}/phone-numbers/%2B1206555010${i}`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: `{"Name":"big","Pad":"${pad}"}`,
        });
        await r.body.text();
      }),
    );
  const stopped = await proxy.stop();
  t.equal(stopped.code, 1);
  t.match(stopped.stderr, /100 exchanges, \d+ findings/);
  const peak = proxy.peakMB();
  t.ok(peak < 300, `peak RSS ${peak.toFixed(0)} MB < 300 MB`);
  const size_ = readFileSync(report).length;
  t.ok(size_ < 2_000_000, `the report keeps excerpts: ${size_} bytes for 100 exchanges`);
});
