// Prism, what users would otherwise mock the document with: installed by the benchmark itself into a cache
// folder (never a dependency of the package), once, and reused while the pinned version is there.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { packageRoot } from "../src/contract/index.js";

const exec = promisify(execFile);

export const prismPackage = "@stoplight/prism-cli";
export const prismVersion = "5.14.2";

/** Where Prism is installed: `node_modules/.cache/`, or BENCH_PRISM_CACHE (a work tree whose node_modules is shared). */
export const prismCacheDir =
  process.env.BENCH_PRISM_CACHE ?? join(packageRoot, "node_modules", ".cache", "chime-voice-contract", "prism");

export type PrismInstall = { ok: true; cli: string; reused: boolean } | { ok: false; reason: string };

/** The Prism CLI's entry script under `cacheDir`, installing it there with npm when it is missing. */
export async function ensurePrism(cacheDir: string): Promise<PrismInstall> {
  const packageDir = join(cacheDir, "node_modules", ...prismPackage.split("/"));
  const cli = join(packageDir, "dist", "index.js");
  if (installedVersion(packageDir) === prismVersion && existsSync(cli)) return { ok: true, cli, reused: true };
  mkdirSync(cacheDir, { recursive: true });
  try {
    // One retry only: without a registry, npm's default retries take over a minute to give up.
    const args = [
      "install",
      "--prefix",
      cacheDir,
      "--no-save",
      "--no-audit",
      "--no-fund",
      "--fetch-retries",
      "1",
      `${prismPackage}@${prismVersion}`,
    ];
    await exec("npm", args, { timeout: 300_000 });
  } catch (error) {
    const { stderr, message } = error as { stderr?: string; message: string };
    return {
      ok: false,
      reason: `npm install ${prismPackage}@${prismVersion} failed: ${npmErrorLine(stderr ?? "") ?? message.split("\n")[0]}`,
    };
  }
  if (!existsSync(cli))
    return { ok: false, reason: `npm installed ${prismPackage}@${prismVersion} but ${cli} is missing` };
  return { ok: true, cli, reused: false };
}

/**
 * `prism mock` on the document, in its fastest configuration, so that the comparison flatters Prism rather
 * than us: static examples (no generation), no error responses for violations, and only warnings logged
 * (at its default level, `info`, it writes about seven lines per request).
 */
export function prismMockArgs(cli: string, port: number, specPath: string): string[] {
  return [
    cli,
    "mock",
    "-h",
    "127.0.0.1",
    "-p",
    String(port),
    "--dynamic",
    "false",
    "--errors",
    "false",
    "--verboseLevel",
    "warn",
    specPath,
  ];
}

/** `prism mock FILE` as a user runs it: its defaults (static examples, no errors for violations, `info` logs). */
export function prismDefaultArgs(cli: string, port: number, specPath: string): string[] {
  return [cli, "mock", "-h", "127.0.0.1", "-p", String(port), specPath];
}

/**
 * `prism proxy` on the document in front of `upstream`, validating requests and answers and answering a violation
 * with an error (`--errors`, what makes it a validating proxy like ours), warnings only logged (its fastest).
 */
export function prismProxyArgs(cli: string, port: number, specPath: string, upstream: string): string[] {
  return [
    cli,
    "proxy",
    "-h",
    "127.0.0.1",
    "-p",
    String(port),
    "--errors",
    "--verboseLevel",
    "warn",
    specPath,
    upstream,
  ];
}

function installedVersion(packageDir: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

/** The line of npm's error output that says what went wrong (`FetchError: request to ... failed, reason: ...`). */
function npmErrorLine(stderr: string): string | undefined {
  return stderr
    .split("\n")
    .filter((line) => line.startsWith("npm error "))
    .map((line) => line.slice("npm error ".length))
    .find((line) => line.trim() !== "" && !/^\s|^(code|syscall|errno) /.test(line));
}
