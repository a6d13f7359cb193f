import { randomUUID } from "node:crypto";
import { STATUS_CODES, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { errorByShape, type ErrorShape } from "../contract/errors.js";

/**
 * What the proxy answers itself, never the target's answer and never judged as one: a JSON message naming the
 * proxy (a request it cannot forward: 400; a target it cannot reach: 502; a target that does not answer in time:
 * 504), or, where the contract's own client must see a service error (too many bytes in flight: 503), the W3
 * envelope. An answer already begun cannot be replaced: the connection is cut instead.
 */
export function proxyMessage(res: ServerResponse, status: number, message: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = JSON.stringify({ message: `chime-voice-contract proxy: ${message}` });
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
}

/** A service error in the W3 envelope, as an AWS SDK reads it (its retry logic handles a 503). */
export function proxyServiceError(res: ServerResponse, shape: ErrorShape, message: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const error = errorByShape(shape)!;
  const body = JSON.stringify({ Code: error.code, Message: `chime-voice-contract proxy: ${message}` });
  res.writeHead(error.status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body),
    "x-amzn-errortype": error.shape,
    "x-amzn-requestid": randomUUID(),
    // The client may retry once bytes in flight have gone.
    connection: "close",
  });
  res.end(body);
}

/**
 * The proxy's JSON message written on the socket itself, for what Node answers before any request object exists
 * (a request it cannot parse, headers too large, a timeout) or what never reaches the request handler (CONNECT,
 * an `Expect` it cannot meet): the same message as proxyMessage, then the connection closes.
 */
export function writeSocketMessage(socket: Socket, status: number, message: string): void {
  if (!socket.writable) return void socket.destroy();
  const body = JSON.stringify({ message: `chime-voice-contract proxy: ${message}` });
  socket.end(
    [
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}`,
      "Content-Type: application/json",
      `Content-Length: ${Buffer.byteLength(body)}`,
      "Connection: close",
      "",
      body,
    ].join("\r\n"),
  );
}
