// Who may talk to the proxy (DESIGN, "Who may talk to the local servers"): the reference server's Host and Origin
// rules, before anything is forwarded or signed. Regression: `proxy --sign sigv4` re-signed an unsigned POST with
// `Host: rebind.attacker.example:4667` and a foreign Origin, and the target applied it (200): a DNS-rebinding page
// could drive the operator's AWS account through a proxy left running.
import t from "tap";
import { once } from "node:events";
import { connect } from "node:net";
import { answeringTarget, startProxyCommand } from "./helpers.js";

/** One raw request (so that Host and Origin are exactly as given), the status line and body of its answer. */
async function send(
  url: string,
  headerLines: string[],
  body = '{"Name":"x"}',
): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  await once(socket, "connect");
  let out = "";
  socket.on("data", (c: Buffer) => (out += c.toString("latin1")));
  socket.write(
    [
      "POST /phone-numbers/%2B12065550100 HTTP/1.1",
      ...headerLines,
      "Content-Type: application/json",
      `Content-Length: ${Buffer.byteLength(body)}`,
      "Connection: close",
      "",
      body,
    ].join("\r\n"),
  );
  await once(socket, "close");
  const [head = "", rest = ""] = out.split("\r\n\r\n");
  return { status: Number(head.split(" ")[1]), body: rest };
}

const refusedHosts = [
  "rebind.attacker.example:4667",
  "evil.example",
  "localhost.evil.example",
  "127.0.0.1.nip.io",
  "[2001:db8::1]:4011",
  "10.0.0.5",
];
const loopbackHosts = ["localhost", "LOCALHOST:1", "127.0.0.1", "127.8.9.10:4011", "[::1]:80"];

t.test("a Host that is not a loopback name is a 403 and never reaches the target, signed or not", async (t) => {
  const target = await answeringTarget(t);
  process.env.AWS_ACCESS_KEY_ID = "AKIDPROXYACCESS";
  process.env.AWS_SECRET_ACCESS_KEY = "proxy-access-secret";
  t.teardown(() => {
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
  });
  for (const sign of [[], ["--sign", "sigv4"]]) {
    const proxy = await startProxyCommand("--target", target.url, ...sign);
    for (const host of refusedHosts) {
      const before = target.seen.length;
      const r = await send(proxy.url, [`Host: ${host}`, "Origin: http://rebind.attacker.example:4667"]);
      t.equal(r.status, 403, `${sign.join(" ") || "unsigned"}: Host ${host} refused`);
      t.match(JSON.parse(r.body), { message: /proxy: Host '.*' is not a name this server answers to/ });
      t.equal(target.seen.length, before, `Host ${host}: nothing forwarded`);
    }
    for (const host of loopbackHosts) {
      const r = await send(proxy.url, [`Host: ${host}`]);
      t.equal(r.status, 200, `Host ${host} forwarded`);
      if (sign.length)
        t.match(target.seen.at(-1)!.authorization, /^AWS4-HMAC-SHA256 Credential=AKIDPROXYACCESS\//, "and signed");
    }
    const twice = await send(proxy.url, ["Host: localhost", "Host: evil.example"]);
    t.equal(twice.status, 400, "two Host lines: 400");
    await proxy.stop();
  }
});

t.test("an Origin other than the proxy's own is a 403, never forwarded or signed; its own passes", async (t) => {
  const target = await answeringTarget(t);
  const proxy = await startProxyCommand("--target", target.url);
  const { host } = new URL(proxy.url);
  for (const origin of [
    "http://evil.example",
    "null",
    `https://${host}`,
    `http://${host}/path`,
    "http://localhost:1",
  ]) {
    const before = target.seen.length;
    const r = await send(proxy.url, [`Host: ${host}`, `Origin: ${origin}`]);
    t.equal(r.status, 403, `Origin ${origin} refused`);
    t.match(JSON.parse(r.body), { message: /Origin: the proxy forwards only requests from its own clients/ });
    t.equal(target.seen.length, before, `Origin ${origin}: nothing forwarded`);
  }
  t.equal((await send(proxy.url, [`Host: ${host}`, `Origin: http://${host}`])).status, 200, "its own origin");
  await proxy.stop();
  t.match(proxy.output.err, /proxy: 1 exchange,/, "refused requests are no exchange of the target's");
});

t.test("--allowed-host adds a name; anything else stays refused", async (t) => {
  const target = await answeringTarget(t);
  const proxy = await startProxyCommand("--target", target.url, "--allowed-host", "proxy.ci.internal");
  const { port } = new URL(proxy.url);
  t.equal((await send(proxy.url, [`Host: proxy.ci.internal:${port}`])).status, 200);
  t.equal((await send(proxy.url, ["Host: PROXY.CI.INTERNAL"])).status, 200, "names compare case-insensitively");
  t.equal((await send(proxy.url, ["Host: other.ci.internal"])).status, 403);
  await proxy.stop();
  const bad = await startProxyCommand("--target", target.url, "--allowed-host", "a b").catch((e: Error) => e);
  t.match(String(bad), /proxy exited 2: chime-voice-contract proxy: --allowed-host must be/);
});
