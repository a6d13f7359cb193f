/**
 * How long a client may take, so that a stalled or slow client cannot hold the server (W5: a request
 * that times out gets a 400 in the AWS envelope). All in milliseconds.
 */
export interface ServerTimeouts {
  /** The request line and headers must arrive within this. */
  headersMs: number;
  /** The whole request, body included, must arrive within this. */
  requestMs: number;
  /** A connection with no traffic at all is closed after this. */
  idleMs: number;
  /** A kept-alive connection waits this long for its next request. */
  keepAliveMs: number;
  /** How often Node looks for requests past their time (its default, 30 s, is too coarse for the limits above). */
  checkIntervalMs: number;
}

export const defaultTimeouts: ServerTimeouts = {
  headersMs: 10_000,
  requestMs: 15_000,
  idleMs: 30_000,
  keepAliveMs: 5_000,
  checkIntervalMs: 1_000,
};
