import type { SignalSource } from "./command.js";

const forwarded = ["SIGINT", "SIGTERM"] as const;

/** The process's own SIGINT and SIGTERM, for `Io.signals`. */
export const processSignals: SignalSource = {
  subscribe(listener) {
    const handlers = forwarded.map((signal) => {
      const handler = () => listener(signal);
      process.on(signal, handler);
      return [signal, handler] as const;
    });
    return () => {
      for (const [signal, handler] of handlers) process.off(signal, handler);
    };
  },
};
