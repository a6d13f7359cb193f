import type { Command } from "../cli/command.js";
import { driftCommand } from "./drift.js";
import { generateCommand } from "./generate.js";
import { lintCommand } from "./lint.js";
import { serveCommand } from "./serve.js";
import { testCommand } from "./test.js";

/** Every subcommand, in the order `--help` lists them. */
export const commands: readonly Command[] = [serveCommand, testCommand, lintCommand, generateCommand, driftCommand];
