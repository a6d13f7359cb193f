// The package as a user gets it: `npm pack`, installed into an empty temporary folder, then
// `npx chime-voice-contract serve`, `test`, `lint` and `--help` run there, from another folder; the library
// entry point imports, and a TypeScript consumer type-checks against the installed `chime-voice-contract/types`.
// The reference pages (docs/) are in the tarball, and every relative link of README.md and docs/*.md leads to a
// file the package holds, so that the README's links work in node_modules/chime-voice-contract too.
// Run with `npm run test:package`; it needs the npm registry for the package's dependencies.
//
// The install leaves out optional dependencies (better-sqlite3, used only by `serve --store sqlite:PATH`):
// that proves the package works without them, and skips a native build where no prebuilt binary can be
// fetched. CHECK_PACKAGE_OPTIONAL=1 installs them too. CHECK_PACKAGE_KEEP=1 keeps the temporary folder.
import { execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, posix } from "node:path";
import { createInterface } from "node:readline";
import { promisify } from "node:util";
import semver from "semver";

const exec = promisify(execFile);
const root = new URL("..", import.meta.url).pathname;
const work = await mkdtemp(join(tmpdir(), "chime-voice-contract-package-"));
const step = (what: string) => process.stdout.write(`# ${what}\n`);
let failures = 0;
const check = (ok: boolean, what: string) => {
  process.stdout.write(`${ok ? "ok" : "not ok"} - ${what}\n`);
  if (!ok) failures++;
};
/** Runs a command to its end; a non-zero exit is a result here, not an exception. */
const outcome = (file: string, args: string[], cwd: string) =>
  exec(file, args, { cwd, maxBuffer: 32 << 20 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      stdout: error.stdout,
      stderr: error.stderr,
    }),
  );
/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
const slug = (heading: string) =>
  heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
/** The Markdown outside fenced blocks and code spans, where `[text](target)` is a link. */
const prose = (markdown: string) => markdown.replace(/^\s*```[\s\S]*?^\s*```/gm, "").replace(/`[^`\n]*`/g, "");
/**
 * The relative links of a page that lead nowhere in the installed package: to a file (or folder) it does not
 * hold, or to a heading that the page linked to does not have. Links to other sites are not followed.
 */
async function brokenLinks(page: string, markdown: string, packed: readonly string[]): Promise<string[]> {
  const broken: string[] = [];
  for (const [, target] of prose(markdown).matchAll(/\]\(([^)\s]+)\)/g)) {
    if (/^[a-z][a-z+.-]*:/i.test(target!)) continue;
    const [path = "", anchor] = target!.split("#");
    const file = path === "" ? page : posix.normalize(posix.join(posix.dirname(page), path)).replace(/\/$/, "");
    const held = packed.includes(file) || packed.some((p) => p.startsWith(`${file}/`));
    if (!held) broken.push(`${page}: ${target} (no ${file} in the package)`);
    else if (anchor !== undefined && file.endsWith(".md")) {
      const headings = (await readFile(join(root, file), "utf8"))
        .split("\n")
        .filter((l) => /^#{1,6} /.test(l))
        .map((l) => slug(l.replace(/^#+ /, "")));
      if (!headings.includes(anchor)) broken.push(`${page}: ${target} (no heading '#${anchor}' in ${file})`);
    }
  }
  return [...new Set(broken)];
}
const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;

try {
  step("npm pack");
  const { stdout: packed } = await exec("npm", ["pack", "--json", "--pack-destination", work], {
    cwd: root,
    maxBuffer: 32 << 20,
  });
  const [{ filename, files, size, unpackedSize }] = JSON.parse(packed) as Array<{
    filename: string;
    size: number;
    unpackedSize: number;
    files: Array<{ path: string }>;
  }>;
  const paths = files.map((f) => f.path);
  process.stdout.write(`# tarball ${filename}: ${kib(size)}, ${kib(unpackedSize)} unpacked, ${files.length} files\n`);
  check(
    paths.includes("dist/src/bin.js") && paths.includes("dist/src/index.d.ts"),
    "compiled JavaScript and declarations are in the tarball",
  );
  check(
    paths.includes("dist/src/contract/precompiled-contract.js"),
    "the precompiled validators (build step) are in the tarball",
  );
  check(
    paths.includes("spec/openapi.yaml") &&
      paths.includes("conformance/fixtures.json") &&
      paths.includes("generated/openapi.d.ts"),
    "the spec, fixtures and types are in the tarball",
  );
  check(
    paths.some((p) => p.startsWith("conformance/") && p.endsWith(".yaml")),
    "the cases are in the tarball",
  );
  check(
    !paths.some(
      (p) =>
        /^(src|test|scripts|examples|bench)\//.test(p) || p.includes("node_modules/") || p.endsWith(".tsbuildinfo"),
    ),
    "no sources, tests, scripts or node_modules in the tarball",
  );
  const pages = paths.filter((p) => p === "README.md" || /^docs\/[^/]+\.md$/.test(p));
  check(
    pages.includes("docs/README.md") && pages.length > 2,
    `the reference pages are in the tarball (${pages.filter((p) => p.startsWith("docs/")).length} in docs/)`,
  );
  const broken = await Promise.all(
    pages.map(async (page) => brokenLinks(page, await readFile(join(root, page), "utf8"), paths)),
  );
  check(
    broken.flat().length === 0,
    `every relative link of README.md and docs/*.md leads to a file of the package (and a heading of it)${broken.flat().length ? `: ${broken.flat().join("; ")}` : ""}`,
  );

  const project = join(work, "consumer");
  await mkdir(project, { recursive: true });
  await writeFile(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  const optional = process.env.CHECK_PACKAGE_OPTIONAL === "1";
  step(`npm install ${filename}${optional ? "" : " --omit=optional"}`);
  const started = Date.now();
  await exec(
    "npm",
    ["install", "--no-audit", "--no-fund", ...(optional ? [] : ["--omit=optional"]), join(work, filename)],
    { cwd: project, maxBuffer: 32 << 20 },
  );
  const { stdout: du } = await exec("du", ["-sk", join(project, "node_modules")]);
  process.stdout.write(
    `# installed in ${((Date.now() - started) / 1000).toFixed(1)} s; node_modules ${(Number(du.split("\t")[0]) / 1024).toFixed(1)} MiB\n`,
  );
  // CI runs this check on every Node line it tests (.ci/node-versions): each must be one the package declares.
  const installed = JSON.parse(
    await readFile(join(project, "node_modules", "chime-voice-contract", "package.json"), "utf8"),
  ) as { engines?: { node?: string } };
  const engines = installed.engines?.node ?? "";
  check(
    semver.satisfies(process.version, engines),
    `the installed package's engines '${engines}' include the Node it runs on (${process.version})`,
  );
  const elsewhere = join(work, "elsewhere");
  await mkdir(elsewhere, { recursive: true });
  const bin = join(project, "node_modules", ".bin", "chime-voice-contract");

  const version = await outcome("npx", ["--no-install", "chime-voice-contract", "--version"], project);
  check(
    version.code === 0 && /^\d+\.\d+\.\d+\n$/.test(version.stdout),
    `npx chime-voice-contract --version: ${version.stdout.trim()}`,
  );
  const help = await outcome("npx", ["--no-install", "chime-voice-contract", "test", "--help"], project);
  check(help.code === 0 && /--target URL/.test(help.stdout), "npx chime-voice-contract test --help lists the flags");

  step("serve --port 0, from a folder that is not the package's");
  const server = spawn(bin, ["serve", "--port", "0"], { cwd: elsewhere, stdio: ["ignore", "pipe", "pipe"] });
  const line = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no 'listening on' line within 10 s")), 10_000);
    createInterface({ input: server.stdout! }).once("line", (l) => {
      clearTimeout(timer);
      resolve(l);
    });
    server.once("exit", (code) => reject(new Error(`serve exited with ${code}`)));
  });
  const url = /^listening on (http:\/\/\S+)$/.exec(line)?.[1];
  check(url !== undefined, `serve printed '${line}'`);
  const answer = await fetch(`${url}/phone-numbers/%2B12065550100`);
  check(
    answer.status === 200 &&
      ((await answer.json()) as { PhoneNumber?: { E164PhoneNumber?: string } }).PhoneNumber?.E164PhoneNumber ===
        "+12065550100",
    "serve answers GetPhoneNumber from the package's fixtures",
  );
  const exited = new Promise<number | null>((resolve) => server.once("exit", resolve));
  server.kill("SIGTERM");
  check((await exited) === 0, "serve exits 0 on SIGTERM");

  step("test (embedded target) and lint, from a folder that is not the package's");
  const run = await outcome(
    bin,
    ["test", "--reporter", "human", "--reporter", "junit:reports/conformance.xml"],
    elsewhere,
  );
  const verdict = run.stdout.trim().split("\n").at(-1) ?? "";
  check(run.code === 0, `chime-voice-contract test exits ${run.code}: ${verdict}`);
  if (run.code !== 0)
    process.stdout.write(
      run.stdout
        .split("\n")
        .filter((l) => /^\s*(not ok|FAIL|✗)/.test(l))
        .slice(0, 20)
        .map((l) => `#   ${l}\n`)
        .join("") + (run.stderr ? `#   ${run.stderr.trim()}\n` : ""),
    );
  const junit = await outcome("cat", [join(elsewhere, "reports", "conformance.xml")], elsewhere);
  check(/<testsuites[\s>]/.test(junit.stdout), "the JUnit report is written relative to the working folder");
  const lint = await outcome(bin, ["lint"], elsewhere);
  check(lint.code === 0, `chime-voice-contract lint exits ${lint.code} on the package's own document`);

  // Type generation is for the project's maintainers: where openapi-typescript is not installed with the
  // package, `generate` says so in one line and exits 2 instead of failing with a stack trace.
  const generate = await outcome(bin, ["generate", "--check"], elsewhere);
  const typegenInstalled = existsSync(join(project, "node_modules", "openapi-typescript"));
  if (typegenInstalled)
    check(generate.code === 0, `generate --check exits ${generate.code}: the shipped types are fresh`);
  else
    check(
      generate.code === 2 &&
        generate.stderr.trim().split("\n").length === 1 &&
        /openapi-typescript/.test(generate.stderr),
      `without openapi-typescript, generate exits ${generate.code}: ${generate.stderr.trim()}`,
    );

  step("the library entry point and the types, as a consumer imports them");
  const library = await outcome(
    process.execPath,
    [
      "--input-type=module",
      "-e",
      `import { startServer, loadContract } from "chime-voice-contract"; const s = await startServer({ logLevel: "silent" }); const r = await fetch(s.url + "/phone-numbers/%2B12065550101"); await s.close(); const c = await loadContract(); c.requestValidator("UpdatePhoneNumber"); console.log(r.status, c.origin);`,
    ],
    project,
  );
  check(
    library.code === 0 && library.stdout.trim() === "200 precompiled",
    `import { startServer } from "chime-voice-contract" serves, on the precompiled contract (${library.stdout.trim() || library.stderr.trim().split("\n")[0]})`,
  );
  await writeFile(
    join(project, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        module: "NodeNext",
        moduleResolution: "NodeNext",
        target: "ES2022",
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        types: [],
      },
      files: ["index.ts"],
    }),
  );
  await writeFile(
    join(project, "index.ts"),
    `import type { paths, operations } from "chime-voice-contract/types";
type Body = NonNullable<operations["UpdatePhoneNumber"]["requestBody"]>["content"]["application/json"];
type Answer = paths["/phone-numbers/{phoneNumberId}"]["get"]["responses"][200]["content"]["application/json"];
export const body: Body = { Name: "Reception" };
export const name = (a: Answer): string | undefined => a.PhoneNumber?.Name;
`,
  );
  const tsc = await outcome(
    process.execPath,
    [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", project],
    project,
  );
  check(
    tsc.code === 0,
    `a NodeNext consumer type-checks against the installed chime-voice-contract/types${tsc.code ? `: ${tsc.stdout.trim()}` : ""}`,
  );
} finally {
  if (process.env.CHECK_PACKAGE_KEEP === "1") process.stdout.write(`# kept ${work}\n`);
  else await rm(work, { recursive: true, force: true });
}
process.stdout.write(`${failures === 0 ? "package check passed" : `${failures} package check(s) failed`}\n`);
process.exitCode = failures === 0 ? 0 : 1;
