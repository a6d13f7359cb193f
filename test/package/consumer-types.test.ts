// Types for consumers: a fresh TypeScript project (ESM, NodeNext) that depends on this package
// type-checks code importing `chime-voice-contract/types`, and the type checker rejects misuse.
import t, { type Test } from "tap";
import { execFile } from "node:child_process";
import { mkdir, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { packageRoot } from "../../src/contract/index.js";

const run = promisify(execFile);
const tsc = join(packageRoot, "node_modules", "typescript", "bin", "tsc");

async function consumer(t: Test, source: string): Promise<{ code: number; output: string }> {
  const dir = t.testdir();
  await mkdir(join(dir, "node_modules"), { recursive: true });
  await symlink(packageRoot, join(dir, "node_modules", "chime-voice-contract"), "dir");
  await writeFile(join(dir, "package.json"), JSON.stringify({ name: "consumer", type: "module", private: true }));
  await writeFile(
    join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        module: "NodeNext",
        moduleResolution: "NodeNext",
        target: "ES2022",
        strict: true,
        noEmit: true,
        types: [],
      },
      files: ["index.ts"],
    }),
  );
  await writeFile(join(dir, "index.ts"), source);
  try {
    const { stdout } = await run(process.execPath, [tsc, "-p", dir]);
    return { code: 0, output: stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string };
    return { code: e.code, output: e.stdout };
  }
}

t.test("a NodeNext ESM consumer type-checks requests, answers and errors", async (t) => {
  const { code, output } = await consumer(
    t,
    `
import type { paths, components, operations } from "chime-voice-contract/types";
type Body = NonNullable<operations["UpdatePhoneNumber"]["requestBody"]>["content"]["application/json"];
type Answer = paths["/phone-numbers/{phoneNumberId}"]["get"]["responses"][200]["content"]["application/json"];
type Conflict = operations["UpdatePhoneNumber"]["responses"][409]["content"]["application/json"];
export const body: Body = { CallingName: "Acme Corp" };
export const conflict: Conflict = { Code: "Conflict", Message: "pending" };
export function name(a: Answer): string | undefined { return a.PhoneNumber?.Name; }
export const status: components["schemas"]["PhoneNumberStatus"] = "Assigned";
`,
  );
  t.equal(code, 0, output);
});

t.test("the consumer's type check rejects a body the contract rejects", async (t) => {
  const { code, output } = await consumer(
    t,
    `
import type { components } from "chime-voice-contract/types";
export const bad: components["schemas"]["UpdatePhoneNumberRequest"] = { ProductType: "voiceconnector" };
`,
  );
  t.not(code, 0);
  t.match(output, /voiceconnector/);
});
