import { relative } from "node:path";
import { typesState, TypegenUnavailableError, writeTypes } from "../contract/typegen.js";
import { defaultSpecPath, generatedTypesPath } from "../contract/paths.js";
import type { Command, Io } from "../cli/command.js";

export const generateCommand: Command = {
  name: "generate",
  summary: "regenerate generated/openapi.d.ts from spec/openapi.yaml (openapi-typescript)",
  usage: "[--check]",
  flags: [
    { name: "check", type: "boolean", description: "change nothing; exit 1 when generated/ is stale", default: false },
  ],
  async run(options, io) {
    try {
      return await generate(options.check === true, io);
    } catch (error) {
      if (!(error instanceof TypegenUnavailableError)) throw error;
      io.stderr.write(`chime-voice-contract generate: ${error.message}\n`);
      return 2;
    }
  },
};

async function generate(check: boolean, io: Io): Promise<number> {
  const shown = relative(process.cwd(), generatedTypesPath) || generatedTypesPath;
  if (check) {
    const state = await typesState(defaultSpecPath, generatedTypesPath);
    if (state === "fresh") {
      io.stdout.write(`${shown} is up to date\n`);
      return 0;
    }
    io.stderr.write(`${shown} is ${state}: run 'npm run generate' and commit the result\n`);
    return 1;
  }
  await writeTypes(defaultSpecPath, generatedTypesPath);
  io.stdout.write(`wrote ${shown}\n`);
  return 0;
}
