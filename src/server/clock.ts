/** Time as the server sees it, in epoch milliseconds; injected so that tests can move it (S4). */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
