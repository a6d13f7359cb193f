import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Io } from "./cli/command.js";
import { formatFlags, parseFlags } from "./cli/flags.js";
import { ToolError, UsageError } from "./errors.js";
import { commands } from "./commands/index.js";
import { packageRoot } from "./contract/paths.js";
import { shownText } from "./judge/secrets.js";

export function version(): string {
  return (JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8")) as { version: string }).version;
}

async function usage(): Promise<string> {
  const loaded = await Promise.all(commands.map((c) => c.load()));
  const width = Math.max(...loaded.map((c) => c.name.length + (c.subcommand ? c.subcommand.length + 1 : 0))) + 2;
  return [
    "Usage: chime-voice-contract <command> [flags]",
    "",
    "Commands:",
    ...loaded.map((c) => `  ${(c.subcommand ? `${c.name} ${c.subcommand}` : c.name).padEnd(width)}${c.summary}`),
    "",
    "Run 'chime-voice-contract <command> --help' for a command's flags. --version prints the version.",
    "",
  ].join("\n");
}

/**
 * One flag table per command -> options -> library call -> exit code (0 ok, 1 a finding, 2 unusable input).
 * The command line is split at the first `--` before anything is parsed: what follows is COMMAND's (its `-h`
 * included), for the commands that run one (`serve -- npm test`).
 */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const [name, ...all] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.stdout.write(await usage());
    return name === undefined ? 2 : 0;
  }
  if (name === "--version" || name === "-v") {
    io.stdout.write(`${version()}\n`);
    return 0;
  }
  const entry = commands.find((c) => c.name === name);
  if (!entry) {
    io.stderr.write(
      `chime-voice-contract: unknown command '${name}' (commands: ${commands.map((c) => c.name).join(", ")})\n`,
    );
    return 2;
  }
  const command = await entry.load();
  const full = command.subcommand ? `${command.name} ${command.subcommand}` : command.name;
  const separator = all.indexOf("--");
  const rest = separator === -1 ? all : all.slice(0, separator);
  const child = separator === -1 ? undefined : all.slice(separator + 1);
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout.write(
      `Usage: chime-voice-contract ${command.name} ${command.usage ?? "[flags]"}\n\n${command.summary}\n\nFlags:\n${formatFlags(command.flags)}\n${command.notes ? `\n${command.notes}\n` : ""}`,
    );
    return 0;
  }
  try {
    if (command.subcommand && rest.shift() !== command.subcommand)
      throw new UsageError(`${command.name}: the command is '${full}' (see '${full} --help')`);
    if (child && !command.takesCommand)
      throw new UsageError(`${full}: runs no command, so takes no '-- COMMAND' (see '${full} --help')`);
    if (child?.length === 0)
      throw new UsageError(`${full}: '--' must be followed by a command to run (${full} [flags] -- COMMAND [ARGS...])`);
    const options = parseFlags(command.name, command.flags, rest, child !== undefined);
    return await command.run(options, io, child);
  } catch (error) {
    // The tool's own errors (src/errors.ts): one line, their exit code. Anything else is an internal error.
    if (error instanceof ToolError) {
      // A message may quote a flag's URL: never with the password or token it held.
      io.stderr.write(`chime-voice-contract ${shownText(error.message.split("\n")[0]!)}\n`);
      return error.exitCode;
    }
    throw error;
  }
}
