import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import type { FastifyReply, FastifyRequest } from "fastify";
import { hostRefusalOf, type HostPolicy } from "../access/index.js";
import { isControlUrl, sendControlAnswer } from "./control-answer.js";
import { sendError, writeSocketError } from "./envelope.js";

/**
 * Answers a request the Host check refuses (a 400 or 403: W3's envelope, or the control interface's JSON for its
 * paths) and says whether it did.
 */
export function refuseByHost(
  hosts: HostPolicy,
  request: FastifyRequest,
  reply: FastifyReply,
  control: boolean,
): boolean {
  const refusal = hostRefusalOf(hosts, request.raw);
  if (!refusal) return false;
  if (control && isControlUrl(request.raw.url ?? ""))
    sendControlAnswer(reply, refusal.status, { message: refusal.message });
  else sendError(reply, refusal.status === 400 ? "BadRequestException" : "ForbiddenException", refusal.message);
  return true;
}

/** A request Node answers by itself on the socket: the Host check's refusal, else `message` as `shape`. */
export function writeSocketRefusal(
  hosts: HostPolicy,
  request: IncomingMessage,
  socket: Socket,
  message: string,
  shape: "BadRequestException" | "NotFoundException",
): void {
  const refusal = hostRefusalOf(hosts, request);
  if (refusal)
    writeSocketError(socket, refusal.message, refusal.status === 400 ? "BadRequestException" : "ForbiddenException");
  else writeSocketError(socket, message, shape);
}
