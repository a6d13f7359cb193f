import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import type { FastifyReply, FastifyRequest } from "fastify";
import { hostLines, type HostPolicy } from "../access/index.js";
import { isControlUrl, sendControlAnswer } from "./control-answer.js";
import { sendError, writeSocketError } from "./envelope.js";

/** A request the Host check refuses: 400 (RFC 9112 section 3.2: no Host, several, or not `host[:port]`) or 403. */
export interface HostRefusal {
  status: 400 | 403;
  message: string;
}

/**
 * DESIGN's first judgement of every request, before W5: whom it was addressed to. Reads every `Host` line as
 * received (Node keeps only the first of several in `headers`). An HTTP/1.0 request may have none, as today:
 * no browser sends one, so no rebinding page can.
 */
export function hostRefusal(policy: HostPolicy, request: IncomingMessage): HostRefusal | undefined {
  const verdict = policy.judge(hostLines(request.rawHeaders));
  switch (verdict.kind) {
    case "allowed":
      return undefined;
    case "missing":
      return request.httpVersion === "1.0"
        ? undefined
        : { status: 400, message: "Host: an HTTP/1.1 request needs a Host header" };
    case "malformed":
      return { status: 400, message: verdict.message };
    case "refused":
      return { status: 403, message: verdict.message };
  }
}

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
  const refusal = hostRefusal(hosts, request.raw);
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
  const refusal = hostRefusal(hosts, request);
  if (refusal)
    writeSocketError(socket, refusal.message, refusal.status === 400 ? "BadRequestException" : "ForbiddenException");
  else writeSocketError(socket, message, shape);
}
