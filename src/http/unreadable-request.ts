/**
 * What Node refused on the socket before any request object existed (a request not received in time, headers
 * over its limit, bytes that are not HTTP), in words the local servers answer with: the reference server in W3's
 * envelope (W5's 400), the proxy in its own JSON message.
 */
export function unreadableRequestMessage(code: string | undefined): string {
  switch (code) {
    case "ERR_HTTP_REQUEST_TIMEOUT":
      return "request: not received in time";
    case "HPE_HEADER_OVERFLOW":
      return "request: the request line and headers are too large";
    default:
      return "request: not a valid HTTP request";
  }
}
