import type { FastifyReply } from "fastify";
import { controlPrefix } from "./control-path.js";

/** The control interface answers JSON of its own (`{"message": ...}` when it refuses), never the service's envelope. */
export function sendControlAnswer(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply
    .code(status)
    .header("content-type", "application/json")
    .send(Buffer.from(JSON.stringify(body), "utf8"));
}

/** Whether a raw request target is under the control interface (judged before routing, as the Host check is). */
export function isControlUrl(rawUrl: string): boolean {
  return rawUrl === controlPrefix || rawUrl.startsWith(`${controlPrefix}/`) || rawUrl.startsWith(`${controlPrefix}?`);
}
