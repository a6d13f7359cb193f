import type { FastifyReply, FastifyRequest } from "fastify";
import { addressedHosts, isOwnOrigin, parseHost } from "../access/index.js";
import { mediaTypeEssence } from "../contract/contract.js";
import { sendControlAnswer } from "./control-answer.js";
import type { SigV4Verifier } from "./sigv4.js";

/**
 * Who may drive the control interface, after the server-wide Host check (DESIGN, "Who may talk to the local
 * servers"). A web page can send a POST that needs no preflight (a form, or `fetch` with `text/plain`) and
 * its browser names the page in `Origin`: so a foreign `Origin` is refused, and so is any content type but JSON,
 * which a page cannot send elsewhere without a preflight this server never grants.
 */
export function controlGuard(verifier: SigV4Verifier | undefined) {
  return {
    /** Before the body is read: Origin (403), then Content-Type (415). */
    async onRequest(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
      const origin = request.headers.origin;
      const host = parseHost(addressedHosts(request.raw)[0] ?? "");
      if (origin !== undefined && !(host.ok && isOwnOrigin(origin, host.host)))
        return sendControlAnswer(reply, 403, {
          message: "Origin: the control interface answers only requests from its own origin, not from another page",
        });
      const contentType = request.headers["content-type"];
      // A form posts its content type even with no field at all, so a type other than JSON is refused bodiless too.
      const refused =
        contentType === undefined ? hasBody(request) : mediaTypeEssence(contentType) !== "application/json";
      if (refused)
        return sendControlAnswer(reply, 415, {
          message: `Content-Type: a control request with a body must be application/json, got ${contentType === undefined ? "none" : `'${mediaTypeEssence(contentType)}'`}`,
        });
      return undefined;
    },
    /** Once the body is read, `--auth sigv4`: a valid signature by any key of the credentials file (401). */
    async preHandler(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
      if (!verifier) return undefined;
      const result = await verifier({
        method: request.method,
        rawUrl: request.raw.url ?? "",
        headers: request.headers,
        body: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
      });
      return result.ok ? undefined : sendControlAnswer(reply, 401, { message: result.reason });
    },
  };
}

function hasBody(request: FastifyRequest): boolean {
  const length = request.headers["content-length"];
  return request.headers["transfer-encoding"] !== undefined || (length !== undefined && length !== "0");
}
