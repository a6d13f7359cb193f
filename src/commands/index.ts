import type { Command } from "../cli/command.js";
import { driftCommand } from "./drift.js";
import { generateCommand } from "./generate.js";
import { lintCommand } from "./lint.js";

/** Every subcommand, in the order `--help` lists them. */
export const commands: readonly Command[] = [lintCommand, generateCommand, driftCommand];
