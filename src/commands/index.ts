import type { Command } from "../cli/command.js";

/** A subcommand by name, its module loaded only when it is the one asked for: `serve` never loads the runner. */
export interface CommandEntry {
  name: string;
  load(): Promise<Command>;
}

/** Every subcommand, in the order `--help` lists them. */
export const commands: readonly CommandEntry[] = [
  { name: "serve", load: async () => (await import("./serve.js")).serveCommand },
  { name: "test", load: async () => (await import("./test.js")).testCommand },
  { name: "lint", load: async () => (await import("./lint.js")).lintCommand },
  { name: "generate", load: async () => (await import("./generate.js")).generateCommand },
  { name: "proxy", load: async () => (await import("./proxy.js")).proxyCommand },
  { name: "fixtures", load: async () => (await import("./fixtures.js")).fixturesCommand },
  { name: "drift", load: async () => (await import("./drift.js")).driftCommand },
];
