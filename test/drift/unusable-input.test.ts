// Input the drift check cannot use is exit 2 with one clear line, never a stack trace.
import t from "tap";
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { defaultSpecPath } from "../../src/contract/index.js";
import { installedBotocoreFile, officialModelPath, run, runBuilt } from "./helpers.js";

const cases: [string, string | Buffer | undefined, RegExp][] = [
  ["an unreadable model", undefined, /cannot read the model .*missing\.json: ENOENT/],
  ["a file that is not JSON", "shapes: {}\n", /is not a Smithy JSON model: not JSON/],
  [
    "JSON that is not a Smithy model (an OpenAPI document)",
    JSON.stringify({ openapi: "3.1.0", paths: {} }),
    /is not a Smithy JSON model: no "smithy" version/,
  ],
  [
    "a Smithy file without shapes",
    JSON.stringify({ smithy: "2.0", metadata: {} }),
    /is not a Smithy JSON model: no "shapes" object/,
  ],
  [
    "a model of another service without these operations",
    JSON.stringify({
      smithy: "2.0",
      shapes: {
        "com.example.weather#GetForecast": {
          type: "operation",
          traits: { "smithy.api#http": { method: "GET", uri: "/forecast", code: 200 } },
        },
      },
    }),
    /lacks the operation\(s\) the document covers: GetPhoneNumber, UpdatePhoneNumber/,
  ],
  [
    "gzip data cut short (half of botocore's service-2.json.gz)",
    halfOf(readFileSync(installedBotocoreFile())),
    /gzip data that does not decompress \(unexpected end of file\)/,
  ],
  ["gzip-compressed text that is not JSON", gzipSync("shapes: {}\n"), /is not a Smithy JSON model: not JSON/],
  [
    "a botocore model without shapes",
    JSON.stringify({ metadata: { serviceId: "Chime SDK Voice", apiVersion: "2022-08-03" }, operations: {} }),
    /is not a botocore service model: no "shapes" object/,
  ],
  [
    "a botocore model whose metadata lacks serviceId",
    JSON.stringify({ metadata: { apiVersion: "2022-08-03" }, operations: {}, shapes: {} }),
    /is not a botocore service model: no "serviceId" and "apiVersion" in its metadata/,
  ],
  ["JSON that is not an object", "[1, 2]", /is not a Smithy JSON model: not a JSON object/],
  [
    "control characters in a file that is not JSON are not passed to the terminal",
    "\u001b[31mred",
    /not JSON \(.*\\u001b\[31mred/,
  ],
];

function halfOf(bytes: Buffer): Buffer {
  return bytes.subarray(0, Math.floor(bytes.length / 2));
}

for (const [name, content, message] of cases) {
  t.test(`${name}: exit 2, one line`, async (t) => {
    const dir = t.testdir();
    const file = join(dir, content === undefined ? "missing.json" : "model.json");
    if (content !== undefined) writeFileSync(file, content);
    for (const reporter of ["human", "json"]) {
      const r = await run("drift", "--model", file, "--reporter", reporter);
      t.equal(r.code, 2, reporter);
      t.equal(r.out, "", `${reporter}: nothing on stdout`);
      t.equal(r.err.trim().split("\n").length, 1, `${reporter}: one line`);
      t.match(r.err, message);
      t.notMatch(r.err, /\n\s+at /, "no stack trace");
      t.notMatch(r.err, /\u001b/, "no control character");
    }
  });
}

t.test("an unreadable or invalid spec: exit 2, one line", async (t) => {
  const dir = t.testdir();
  const missing = await run("drift", "--model", officialModelPath, "--spec", join(dir, "nope.yaml"));
  t.equal(missing.code, 2);
  t.match(missing.err, /cannot read/);
  const invalid = join(dir, "invalid.yaml");
  writeFileSync(invalid, "openapi: 3.1.0\ninfo: {}\npaths: {}\n");
  const r = await run("drift", "--model", officialModelPath, "--spec", invalid);
  t.equal(r.code, 2);
  t.equal(r.err.trim().split("\n").length, 1);
});

t.test("the flags: --model is required, --reporter takes human or json", async (t) => {
  for (const argv of [["drift"], ["drift", "--model", officialModelPath, "--reporter", "tap"], ["drift", "--model"]]) {
    const r = await run(...argv);
    t.equal(r.code, 2, argv.join(" "));
    t.equal(r.err.trim().split("\n").length, 1);
  }
  const help = await run("drift", "--help");
  t.match(help.out, /--allow FILE\s+.*default: the package's spec\/model-drift\.yaml/);
  t.match(help.out, /--reporter NAME\s+.*default: human/);
});

t.test("a change on the document's side is found too (a property the model lacks, x-sensitive dropped)", async (t) => {
  const spec = readFileSync(defaultSpecPath, "utf8");
  const changed = spec
    .replace(
      '        OrderId:\n          $ref: "#/components/schemas/GuidString"\n',
      '        OrderId:\n          $ref: "#/components/schemas/GuidString"\n        Region:\n          type: string\n',
    )
    .replace(
      "      pattern: '^\\+?[1-9]\\d{1,14}$'\n      x-sensitive: true\n",
      () => "      pattern: '^\\+?[1-9]\\d{1,14}$'\n",
    );
  t.not(changed, spec);
  const file = join(t.testdir(), "openapi.yaml");
  writeFileSync(file, changed);
  const r = await run("drift", "--model", officialModelPath, "--spec", file);
  t.equal(r.code, 1, r.out);
  t.match(
    r.out,
    /^unexplained member-not-in-model: com\.amazonaws\.chimesdkvoice#PhoneNumber \/components\/schemas\/PhoneNumber\/properties\/Region: /m,
  );
  t.match(
    r.out,
    /^unexplained sensitive: com\.amazonaws\.chimesdkvoice#E164PhoneNumber \/components\/schemas\/E164PhoneNumber\/x-sensitive: /m,
  );
});

/** A folder for PATH holding `python3` as a link to the given interpreter, or nothing. */
function pathWith(dir: string, python?: string): string {
  const bin = join(dir, "bin");
  mkdirSync(bin);
  if (python) symlinkSync(python, join(bin, "python3"));
  return bin;
}

/** The interpreter behind `python3` on PATH, with its own site-packages (and so its botocore). */
const realPython = execFileSync("python3", ["-c", "import os,sys;print(os.path.realpath(sys.executable))"], {
  encoding: "utf8",
}).trim();

const botocoreCases: [string, (dir: string) => NodeJS.ProcessEnv, RegExp][] = [
  [
    "no python3 on PATH",
    (dir) => ({ PATH: pathWith(dir), HOME: dir }),
    /^chime-voice-contract drift: --model botocore: no python3 on PATH to find botocore with; give --model FILE\n$/,
  ],
  [
    "a python3 without botocore (a fresh virtual environment)",
    (dir) => {
      execFileSync("python3", ["-m", "venv", "--without-pip", join(dir, "venv")]);
      return { PATH: join(dir, "venv", "bin"), HOME: dir };
    },
    /--model botocore: .*venv\/bin\/python3 cannot import botocore \(ModuleNotFoundError: No module named 'botocore'\); install boto3 or the aws CLI for that python3, or give --model FILE\n$/,
  ],
  [
    "a botocore without the chime-sdk-voice model (the installed one, its data less that service)",
    (dir) => {
      const root = join(installedBotocoreFile(), "..", "..", "..", "..");
      const copy = join(dir, "site", "botocore");
      mkdirSync(join(copy, "data"), { recursive: true });
      for (const entry of readdirSync(root)) if (entry !== "data") symlinkSync(join(root, entry), join(copy, entry));
      for (const entry of readdirSync(join(root, "data")))
        if (entry !== "chime-sdk-voice") symlinkSync(join(root, "data", entry), join(copy, "data", entry));
      return { PATH: pathWith(dir, realPython), HOME: dir, PYTHONPATH: join(dir, "site") };
    },
    /--model botocore: botocore [\d.]+ \(.*\/site\/botocore\) has no chime-sdk-voice\/2022-08-03\/service-2 model; upgrade botocore, or give --model FILE\n$/,
  ],
];

for (const [name, environment, message] of botocoreCases) {
  t.test(`--model botocore with ${name}: exit 2, one line`, async (t) => {
    const r = await runBuilt(environment(t.testdir()), "drift", "--model", "botocore");
    t.equal(r.code, 2, r.err);
    t.equal(r.out, "");
    t.equal(r.err.split("\n").length, 2, "one line");
    t.match(r.err, message);
  });
}
