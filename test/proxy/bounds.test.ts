// The proxy's bounds hold over time, and a client's own stall is not the target's fault. Regressions: the
// signing proxy gave a held body's bytes back to its budget twice, so the cap on bytes in flight wore away
// with each signed request (a 4,000-byte body refused under a 3,000-byte cap passed after three of 2,000);
// a client that sent part of its body drew a 504 and a finding against the target ("no complete answer").
import t from "tap";
import { once } from "node:events";
import { request as httpRequest } from "node:http";
import { connect } from "node:net";
import { requestSigner } from "../../src/http/signing.js";
import { startForwarder } from "../../src/proxy/forwarder.js";
import { startServer } from "../../src/server/index.js";
import { answeringTarget, startProxyCommand } from "./helpers.js";

async function post(url: string, bytes: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}/phone-numbers/%2B12065550100`, {
      method: "POST",
      headers: { "content-type": "application/json", "content-length": bytes },
    });
    req.on("response", (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end(Buffer.alloc(bytes, 0x20));
  });
}

t.test("a signing proxy's cap on bytes in flight stays the cap, request after request", async (t) => {
  const target = await answeringTarget(t);
  const forwarder = await startForwarder({
    target: target.url,
    host: "127.0.0.1",
    port: 0,
    maxBufferedBytes: 3_000,
    sign: requestSigner({ credentials: { accessKeyId: "AKIDBOUNDS", secretAccessKey: "bounds" }, region: "us-east-1" }),
    observer: { started: () => 0, finished() {}, unreachable() {}, abandoned() {} },
  });
  t.teardown(() => forwarder.close());
  t.equal(await post(forwarder.url, 4_000), 503, "over the cap: 503");
  for (let round = 1; round <= 10; round++) t.equal(await post(forwarder.url, 2_000), 200, `within it (${round})`);
  t.equal(await post(forwarder.url, 4_000), 503, "still over the cap after ten signed bodies");
  t.equal(await post(forwarder.url, 3_000), 200, "and the whole cap still there");
});

t.test("a client that sends part of its body gets the proxy's 408, and the target draws no finding", async (t) => {
  const server = await startServer({ logLevel: "silent" });
  t.teardown(() => server.close());
  const proxy = await startProxyCommand("--target", server.url, "--timeout", "1s");
  const { port } = new URL(proxy.url);
  const socket = connect(Number(port), "127.0.0.1");
  await once(socket, "connect");
  let answer = "";
  socket.on("data", (c: Buffer) => (answer += c.toString("latin1")));
  socket.on("error", () => {});
  socket.write(
    'POST /phone-numbers/%2B12065550100 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"Name":',
  );
  await Promise.race([once(socket, "close"), new Promise((r) => setTimeout(r, 5_000))]);
  socket.destroy();
  t.match(answer, /^HTTP\/1\.1 408 /, "the proxy's own answer");
  t.match(answer, /did not arrive whole within 1000 ms/);
  t.equal(await proxy.stop(), 0, "no finding against the target");
  t.notMatch(proxy.output.err, /^finding/m);
});
