// The official SDK's own HTTP handler, with every raw answer checked against the document (W4) and handed on
// unchanged; `alter` changes a request after the SDK has signed it (tampering, unsigned requests).
import type { Test } from "tap";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { HttpResponse, type HttpRequest } from "@smithy/protocol-http";
import { bodyStream, checkResponse } from "./helpers.js";

export class CheckingHandler extends NodeHttpHandler {
  /** Every status answered, in order, so tests can see retries the SDK made. */
  readonly statuses: number[] = [];

  constructor(
    private readonly tap: Test,
    private readonly alter?: (request: HttpRequest) => void,
  ) {
    super();
  }

  override async handle(request: HttpRequest, options?: Parameters<NodeHttpHandler["handle"]>[1]) {
    this.alter?.(request);
    const { response } = await super.handle(request, options);
    const chunks: Buffer[] = [];
    for await (const chunk of response.body as AsyncIterable<Buffer>) chunks.push(Buffer.from(chunk));
    const bytes = Buffer.concat(chunks);
    const url =
      request.path +
      (request.query && Object.keys(request.query).length
        ? `?${new URLSearchParams(request.query as Record<string, string>)}`
        : "");
    this.statuses.push(response.statusCode);
    checkResponse(this.tap, {
      method: request.method,
      url,
      status: response.statusCode,
      headers: response.headers,
      text: bytes.toString("utf8"),
    });
    return {
      response: new HttpResponse({
        statusCode: response.statusCode,
        headers: response.headers,
        body: bodyStream(bytes),
      }),
    };
  }
}

/** The SDK's rejection, or undefined when the call succeeded. */
export function rejection(
  promise: Promise<unknown>,
): Promise<
  | (Error & { $metadata?: { attempts?: number; httpStatusCode?: number; totalRetryDelay?: number }; code?: string })
  | undefined
> {
  return promise.then(
    () => undefined,
    (error: unknown) => error as Error,
  );
}
