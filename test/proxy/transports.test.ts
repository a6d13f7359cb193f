// The proxy reaches its target two ways: a request with no body, or one whose declared length is within V1's limit,
// is held whole and sent through undici; a body of undeclared length (chunked) streams through Node's client. Each
// way forwards the same bytes, is judged by the same rules, and shows the client a failure as the proxy saw it.
import t from "tap";
import { once } from "node:events";
import { createServer, request as httpRequest, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { startServer } from "../../src/server/index.js";
import { startProxyCommand } from "./helpers.js";

/** Sends a POST whose body goes in `pieces`, `gapMs` apart: with a Content-Length, or chunked without one. */
function post(
  url: string,
  pieces: string[],
  how: "declared" | "chunked",
  gapMs = 30,
): Promise<{ status: number; body: string }> {
  const whole = pieces.join("");
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(how === "declared" ? { "content-length": Buffer.byteLength(whole) } : { "transfer-encoding": "chunked" }),
      },
    });
    req.on("response", (res: IncomingMessage) => {
      let body = "";
      res.on("data", (c: Buffer) => (body += c.toString("utf8")));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      res.on("error", reject);
    });
    req.on("error", reject);
    void (async () => {
      for (const piece of pieces) {
        req.write(piece);
        await new Promise((r) => setTimeout(r, gapMs));
      }
      req.end();
    })();
  });
}

t.test("a body sent in pieces, declared or chunked, reaches the target whole and is judged alike", async (t) => {
  const server = await startServer({ logLevel: "silent" });
  t.teardown(() => server.close());
  const proxy = await startProxyCommand("--target", server.url);
  const path = `${proxy.url}/phone-numbers/%2B12065550100`;
  for (const how of ["declared", "chunked"] as const) {
    const name = `Sent ${how}`;
    const body = JSON.stringify({ Name: name });
    const answer = await post(path, [body.slice(0, 3), body.slice(3, 9), body.slice(9)], how);
    t.equal(answer.status, 200, `${how}: the update answered 200`);
    t.equal((JSON.parse(answer.body) as { PhoneNumber: { Name: string } }).PhoneNumber.Name, name, `${how}: applied`);
    const read = (await (await fetch(path)).json()) as { PhoneNumber: { Name: string } };
    t.equal(read.PhoneNumber.Name, name, `${how}: and read back`);
  }
  // A body the contract refuses, each way: the target's 400 is the contract's answer (V1), no finding.
  for (const how of ["declared", "chunked"] as const) {
    const answer = await post(path, ['{"Name":', '"unfinished'], how);
    t.equal(answer.status, 400, `${how}: malformed JSON answered 400`);
  }
  t.equal(await proxy.stop(), 0, proxy.output.err);
  t.notMatch(proxy.output.err, /^finding/m);
  t.match(proxy.output.err, /\b6 exchanges, 0 findings/, "two updates, two reads, two refusals");
});

t.test(
  "a target that resets its connection mid-answer: the client's answer fails too, and it is a finding",
  async (t) => {
    // Head and the first bytes of a body, then the connection is cut: no answer to pass on as whole.
    const target = createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        res.writeHead(200, { "content-type": "application/json", "content-length": "200" });
        res.write('{"PhoneNumber":{"E164Ph');
        setTimeout(() => res.socket?.destroy(), 20);
      });
    });
    target.listen(0, "127.0.0.1");
    await once(target, "listening");
    t.teardown(() => new Promise<void>((resolve) => target.close(() => resolve())));
    const proxy = await startProxyCommand("--target", `http://127.0.0.1:${(target.address() as AddressInfo).port}`);
    const path = `${proxy.url}/phone-numbers/%2B12065550100`;
    // A read (no body: undici) and a chunked update (Node's client).
    const read = await fetch(path).then(
      (r) =>
        r.text().then(
          () => "whole",
          () => "cut",
        ),
      () => "cut",
    );
    t.equal(read, "cut", "the read's answer is cut for the client as for the proxy");
    const update = await post(path, ['{"Name":"Cut"}'], "chunked").then(
      () => "whole",
      () => "cut",
    );
    t.equal(update, "cut", "the update's answer too");
    t.equal(await proxy.stop(), 1);
    const lines = proxy.output.err.split("\n").filter((l) => l.startsWith("finding"));
    for (const method of ["GET", "POST"])
      t.ok(
        lines.some((l) =>
          new RegExp(
            `^finding \\[W4\\] ${method} /phone-numbers/%2B12065550100 -> 200: response_received: the connection failed: `,
          ).test(l),
        ),
        `${method}: a W4 finding, the connection failed (${lines.join(" | ")})`,
      );
  },
);

t.test("an informational answer (103) before the answer is not the answer", async (t) => {
  const target = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeEarlyHints({ link: "</style.css>; rel=preload; as=style" });
      res.writeHead(200, { "content-type": "application/json", "x-amzn-requestid": "early-hints-1" });
      res.end("{}");
    });
  });
  target.listen(0, "127.0.0.1");
  await once(target, "listening");
  t.teardown(() => new Promise<void>((resolve) => target.close(() => resolve())));
  const proxy = await startProxyCommand("--target", `http://127.0.0.1:${(target.address() as AddressInfo).port}`);
  const res = await fetch(`${proxy.url}/phone-numbers/%2B12065550100`);
  t.equal(res.status, 200);
  t.equal(await res.text(), "{}");
  t.equal(res.headers.get("x-amzn-requestid"), "early-hints-1");
  t.equal(await proxy.stop(), 1, "judged as the 200 it is: a body without a PhoneNumber");
  t.match(proxy.output.err, /^finding \[\w+\] GET \/phone-numbers\/%2B12065550100 -> 200: /m);
});
