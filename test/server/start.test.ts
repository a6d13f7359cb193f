// startServer: the URL it reports, and a close that lets in-flight requests finish.
import t from "tap";
import { connect } from "node:net";
import { startServer } from "../../src/server/index.js";
import { checkRawResponse } from "./helpers.js";

t.test("close() lets an in-flight request finish before resolving", async (t) => {
  const running = await startServer({ logLevel: "silent" });
  t.match(running.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  const socket = connect(Number(new URL(running.url).port), "127.0.0.1");
  const chunks: Buffer[] = [];
  socket.on("data", (c: Buffer) => chunks.push(c));
  const closedSocket = new Promise<void>((resolve) => socket.on("close", () => resolve()));
  const body = '{"Name":"Late"}';
  socket.write(
    `POST /phone-numbers/%2B12065550100 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n{"Na`,
  );
  await new Promise((r) => setTimeout(r, 100));
  let closed = false;
  const closing = running.close().then(() => (closed = true));
  await new Promise((r) => setTimeout(r, 100));
  t.notOk(closed, "close waits for the request in flight");
  socket.end(body.slice(4));
  await closing;
  await closedSocket;
  const r = checkRawResponse(t, "POST", "/phone-numbers/%2B12065550100", Buffer.concat(chunks).toString("latin1"));
  t.equal(r.status, 200);
  t.equal((r.json as { PhoneNumber: { Name: string } }).PhoneNumber.Name, "Late");
});
