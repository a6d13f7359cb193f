// The proxy's client to its target, on its own. Regression: an abort (the proxy's stop, or its deadline) that came
// after a held body had been read whole but before the request went out was lost: the request was sent all the
// same and its answer awaited, so a stopping proxy waited on it and a deadline no longer bounded it.
import t from "tap";
import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { PassThrough } from "node:stream";
import { createUpstream } from "../../src/proxy/upstream.js";

t.test("an abort between a held body's end and its sending: nothing is sent, and the answer says why", async (t) => {
  let requests = 0;
  const target = createServer((req, res) => {
    requests++;
    req.resume();
    req.on("end", () => res.end("{}"));
  });
  target.listen(0, "127.0.0.1");
  await once(target, "listening");
  t.teardown(() => new Promise<void>((resolve) => target.close(() => resolve())));
  const upstream = createUpstream(new URL(`http://127.0.0.1:${(target.address() as AddressInfo).port}`));
  t.teardown(() => upstream.close());
  const body = new PassThrough();
  const sent = upstream.send({
    method: "POST",
    path: "/phone-numbers/%2B12065550100",
    headers: { "content-type": "application/json", "content-length": "2" },
    body,
    hold: true,
  });
  // Listening after the upstream did: this runs once the body is whole, before the request can go out.
  body.on("end", () => sent.abort("stop"));
  body.end("{}");
  const outcome = await sent.answer.then(
    (answer) => `answered ${answer.statusCode}`,
    (error: { reason?: string }) => `cut: ${error.reason}`,
  );
  t.equal(outcome, "cut: stop");
  await new Promise((resolve) => setTimeout(resolve, 100));
  t.equal(requests, 0, "the target saw no request");
});

t.test("an abort before a held body has come: the wait ends at once", async (t) => {
  const upstream = createUpstream(new URL("http://127.0.0.1:9"));
  t.teardown(() => upstream.close());
  const body = new PassThrough();
  const sent = upstream.send({ method: "POST", path: "/", headers: {}, body, hold: true });
  sent.abort("timeout");
  const error = (await sent.answer.catch((e: unknown) => e)) as { reason?: string };
  t.equal(error.reason, "timeout");
});
