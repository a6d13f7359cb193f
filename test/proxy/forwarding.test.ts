// The proxy as a transport: what it forwards and what it hands back, byte for byte, and what it says of a target
// it cannot reach (DESIGN "The validating proxy").
import t, { type Test } from "tap";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { request } from "undici";
import { startServer } from "../../src/server/index.js";
import { runCli } from "../helpers/cli.js";
import { startProxyCommand } from "./helpers.js";

const bytes = Buffer.from([0x7b, 0xff, 0x00, 0xfe, 0x7d, 0x0a]);

/** A target that keeps what it was sent and answers with hop-by-hop headers, a repeated header and raw bytes. */
async function echoTarget(t: Test) {
  const seen: Array<{ headers: IncomingMessage["headers"]; url: string; body: Buffer }> = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    seen.push({ headers: req.headers, url: req.url ?? "", body: Buffer.concat(chunks) });
    res.writeHead(418, [
      ["content-type", "application/octet-stream"],
      ["x-custom", "kept"],
      ["set-cookie", "a=1"],
      ["set-cookie", "b=2"],
      ["keep-alive", "timeout=99"],
      ["x-drop-me", "connection-specific"],
      ["connection", "x-drop-me"],
    ]);
    res.end(bytes);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

t.test("forwards the request and returns the answer as it came, hop-by-hop headers aside", async (t) => {
  const target = await echoTarget(t);
  const proxy = await startProxyCommand("--target", `${target.url}/base`);
  t.match(proxy.url, /^http:\/\/127\.0\.0\.1:\d+$/, "loopback by default, a free port with --port 0");
  t.equal(proxy.output.out, `listening on ${proxy.url}\n`, "stdout carries the listening line alone");
  const res = await request(`${proxy.url}/phone-numbers/%2B12065550100?x=1`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-client": "mine", te: "trailers", "proxy-authorization": "p" },
    body: bytes,
  });
  const body = Buffer.from(await res.body.arrayBuffer());
  t.equal(res.statusCode, 418, "status as answered");
  t.same(body, bytes, "body bytes as answered");
  t.equal(res.headers["x-custom"], "kept");
  t.same(res.headers["set-cookie"], ["a=1", "b=2"], "a repeated header stays repeated");
  t.not(res.headers["keep-alive"], "timeout=99", "Keep-Alive is the proxy's own connection's");
  t.equal(res.headers["x-drop-me"], undefined, "a header the Connection header names is dropped");
  const got = target.seen[0]!;
  t.equal(got.url, "/base/phone-numbers/%2B12065550100?x=1", "the path as sent, under the target's base path");
  t.equal(got.headers.host, new URL(target.url).host, "Host is the target's");
  t.equal(got.headers["x-client"], "mine");
  t.equal(got.headers.te, undefined);
  t.equal(got.headers["proxy-authorization"], undefined);
  t.same(got.body, bytes, "request body bytes as sent");
  t.equal(await proxy.stop(), 1, "exit 1: an answer outside the contract was seen");
  t.match(proxy.output.err, /^finding \[W4\] POST \/base\/phone-numbers\/%2B12065550100\?x=1 -> 418: /m);
});

t.test("a target that cannot be reached: 502 with a JSON message, and no finding", async (t) => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  const proxy = await startProxyCommand("--target", `http://127.0.0.1:${port}`);
  const res = await request(`${proxy.url}/phone-numbers/%2B12065550100`);
  t.equal(res.statusCode, 502);
  t.match(res.headers["content-type"], /^application\/json/);
  t.match(((await res.body.json()) as { message: string }).message, /cannot be reached: ECONNREFUSED/);
  t.equal(await proxy.stop(), 0, "not a finding: that is not the target's answer");
  t.notMatch(proxy.output.err, /^finding/m);
  t.match(proxy.output.err, /cannot be reached: ECONNREFUSED \(answered 502\)/);
});

t.test("a client that goes away before the answer: the target's answer is judged all the same", async (t) => {
  // Regression: a load generator closing its connections at the end of a run left one finding per connection
  // ("the client closed the connection"), although the target had done nothing wrong. The proxy reads the
  // target's answer to its end and judges that: here a 200 whose update the next read shows.
  const server = await startServer({ host: "127.0.0.1", port: 0, latencyMs: 300 });
  t.teardown(() => server.close());
  const proxy = await startProxyCommand("--target", server.url);
  const path = `${proxy.url}/phone-numbers/%2B12065550102`;
  const read = async () => (await (await request(path)).body.json()) as { PhoneNumber: { Name?: string } };
  const before = await read();
  await t.rejects(
    request(path, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ Name: "Applied unseen" }),
      signal: AbortSignal.timeout(50),
    }),
  );
  // The update reached the target and is applied there, though its client never saw the answer.
  await new Promise((resolve) => setTimeout(resolve, 400));
  const after = await read();
  t.not(after.PhoneNumber.Name, before.PhoneNumber.Name, "the target applied it");
  t.equal(after.PhoneNumber.Name, "Applied unseen");
  t.equal(await proxy.stop(), 0, "no finding: neither for the client's leaving nor for the read that shows the update");
  t.notMatch(proxy.output.err, /^finding/m);
});

t.test("a large answer to a client that reads slowly: each pause leaves no listener behind", async (t) => {
  // Regression: every wait for a slow client to drain left a `close` and an `error` listener on the response, and
  // an answer of a few MB read slowly printed "MaxListenersExceededWarning: Possible EventEmitter memory leak".
  const answer = Buffer.alloc(8 * 1024 * 1024, 0x20);
  const target = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(answer);
  });
  await new Promise<void>((resolve) => target.listen(0, "127.0.0.1", resolve));
  t.teardown(() => new Promise<void>((resolve) => target.close(() => resolve())));
  const proxy = await startProxyCommand("--target", `http://127.0.0.1:${(target.address() as AddressInfo).port}`);
  const warnings: string[] = [];
  const warned = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
  process.on("warning", warned);
  t.teardown(() => process.off("warning", warned));
  const { body } = await request(`${proxy.url}/phone-numbers/%2B12065550100`);
  let read = 0;
  for await (const chunk of body) {
    read += (chunk as Buffer).length;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  t.equal(read, answer.length, "the whole answer");
  await proxy.stop();
  await new Promise((resolve) => setImmediate(resolve));
  t.same(warnings, [], "no warning");
});

t.test("exchanges in flight when the proxy stops are counted, and said to be unjudged", async (t) => {
  // Regression: a request the target had not answered when the proxy stopped was neither judged nor counted, so
  // the last line said "1 exchanges, 0 findings" for a session of three requests, and nothing about the other two.
  const held: Array<() => void> = [];
  let arrived = 0;
  const target = createServer((req, res) => {
    arrived++;
    if (req.url?.includes("%2B12065550100"))
      return void res.writeHead(200, { "content-type": "application/json" }).end("{}");
    held.push(() => res.destroy());
  });
  await new Promise<void>((resolve) => target.listen(0, "127.0.0.1", resolve));
  t.teardown(() => {
    for (const end of held) end();
    return new Promise<void>((resolve) => target.close(() => resolve()));
  });
  const proxy = await startProxyCommand("--target", `http://127.0.0.1:${(target.address() as AddressInfo).port}`);
  await (await fetch(`${proxy.url}/phone-numbers/%2B12065550100`)).arrayBuffer();
  const waiting = ["%2B12065550101", "%2B12065550102"].map((n) =>
    fetch(`${proxy.url}/phone-numbers/${n}`).catch((e: unknown) => e),
  );
  while (arrived < 3) await new Promise((resolve) => setTimeout(resolve, 10));
  await proxy.stop();
  await Promise.all(waiting);
  t.match(
    proxy.output.err,
    /^chime-voice-contract proxy: 1 exchange, \d+ findings?; 2 more in flight when it stopped, not judged \(no whole answer\);/m,
  );
});

t.test("bad flags are a one-line message and exit 2", async (t) => {
  for (const [argv, message] of [
    [["proxy"], /--target URL is required/],
    [["proxy", "--target", "ftp://x"], /--target must be an http/],
    [["proxy", "--target", "http://127.0.0.1:1", "--reporter", "json"], /needs a file \(NAME:FILE\)/],
    [["proxy", "--target", "http://127.0.0.1:1", "--region", "eu-west-1"], /--region is used only with --sign/],
    [["proxy", "--target", "http://127.0.0.1:1", "--sign", "sigv2"], /--sign must be one of sigv4/],
  ] as const) {
    const r = await runCli(...argv);
    t.equal(r.code, 2, argv.join(" "));
    t.match(r.err, message);
    t.equal(r.err.trim().split("\n").length, 1, "one line");
  }
});
