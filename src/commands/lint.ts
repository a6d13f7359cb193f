import { lintDocument } from "../contract/lint.js";
import { specFlag } from "../cli/shared-flags.js";
import { defaultSpecPath } from "../contract/paths.js";
import type { Command } from "../cli/command.js";

export const lintCommand: Command = {
  name: "lint",
  summary: "validate spec/openapi.yaml: OpenAPI 3.1, strict schemas, and every example against its schema",
  flags: [specFlag],
  async run(options, io) {
    const file = typeof options.spec === "string" ? options.spec : defaultSpecPath;
    const result = await lintDocument(file);
    for (const p of result.problems) {
      const where = `${result.file}${p.line ? `:${p.line}` : ""}`;
      io.stderr.write(`${where}: ${p.pointer || "(document)"}: ${p.message}\n`);
    }
    if (result.fatal) return 2;
    if (result.problems.length > 0) {
      io.stderr.write(`${result.problems.length} problem(s) in ${result.file}\n`);
      return 1;
    }
    io.stdout.write(`${result.file}: valid OpenAPI 3.1, every schema compiles, every example validates\n`);
    return 0;
  },
};
