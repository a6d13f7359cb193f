import { randomUUID } from "node:crypto";
import type { Socket } from "node:net";
import { STATUS_CODES } from "node:http";
import type { FastifyReply } from "fastify";
import { errorByShape, type ErrorShape } from "../contract/index.js";
import type { components } from "../../generated/openapi.js";

type PhoneNumber = components["schemas"]["PhoneNumber"];

/** W2's body, `{"PhoneNumber": ...}`, as the bytes sendPhoneNumber sends. */
export function phoneNumberBody(phoneNumber: PhoneNumber): Buffer {
  return json({ PhoneNumber: phoneNumber });
}

/** W2: 200, `application/json`, a unique `x-amzn-RequestId`, the number addressed (its body from phoneNumberBody). */
export function sendPhoneNumber(reply: FastifyReply, body: Buffer): FastifyReply {
  return reply
    .code(200)
    .header("content-type", "application/json")
    .header("x-amzn-requestid", reply.request.id)
    .send(body);
}

/** W3: the shape's status, `x-amzn-ErrorType`, `x-amzn-RequestId`, body `{Code, Message}` from the one error table. */
export function sendError(reply: FastifyReply, shape: ErrorShape, message: string): FastifyReply {
  const error = errorByShape(shape)!;
  return reply
    .code(error.status)
    .header("content-type", "application/json")
    .header("x-amzn-requestid", reply.request.id)
    .header("x-amzn-errortype", error.shape)
    .send(json({ Code: error.code, Message: message }));
}

/** Sent as bytes, so that the framework leaves the content type exactly `application/json`, as the service sends it. */
function json(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value), "utf8");
}

/**
 * W3/W5 for errors Node reports on the socket before any request object exists (a request that times
 * out, a malformed request line): a 400 in the AWS envelope written directly, then the connection closes.
 */
export function writeSocketError(socket: Socket, message: string, shape: ErrorShape = "BadRequestException"): void {
  const error = errorByShape(shape)!;
  const body = JSON.stringify({ Code: error.code, Message: message });
  socket.end(
    [
      `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status]}`,
      "Content-Type: application/json",
      `Content-Length: ${Buffer.byteLength(body)}`,
      `x-amzn-RequestId: ${randomUUID()}`,
      `x-amzn-ErrorType: ${error.shape}`,
      "Connection: close",
      "",
      body,
    ].join("\r\n"),
  );
}
