// Regression: exit 70 and a stack trace where a one-line error (exit 2) is promised: --replay with a missing,
// non-JSON or wrongly shaped file; a report path or a --save-failures file that cannot be written (found only
// after the whole run);
// --sign sigv4 with no credentials; --timeout 0 accepted and then reported as an unreachable target; a --timeout or
// --calling-name-delay past the longest a timer can wait accepted, then fired after 1 ms.
import t from "tap";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { answering, runTest, startHostile } from "./target.js";

// No credentials from anywhere: no environment keys, an empty home, and no instance metadata lookup.
for (const key of Object.keys(process.env)) if (key.startsWith("AWS_")) delete process.env[key];
process.env.AWS_EC2_METADATA_DISABLED = "true";

t.test("crashes where one line is promised: each is exit 2 with one line, before any request", async (t) => {
  const target = await startHostile(answering(200, { "content-type": "application/json" }, "{}"));
  t.teardown(() => target.close());
  const dir = t.testdir({
    "not-json.json": "{oops",
    "shape.json": '{"version":1,"seed":"x","failures":[{}]}',
    file: "x",
  });
  process.env.HOME = dir;
  process.env.AWS_CONFIG_FILE = join(dir, "none");
  process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, "none");
  writeFileSync(join(dir, "null.json"), "null");
  const rows: Array<[string, string[], RegExp]> = [
    ["--replay of a missing file", ["--replay", join(dir, "missing.json")], /--replay .*missing\.json: ENOENT/],
    ["--replay of a file that is not JSON", ["--replay", join(dir, "not-json.json")], /--replay .*not-json\.json: /],
    ["--replay of a wrongly shaped file", ["--replay", join(dir, "shape.json")], /not a failure file/],
    ["--replay of JSON null", ["--replay", join(dir, "null.json")], /not a failure file/],
    [
      "a report path under a file",
      ["--reporter", `json:${join(dir, "file", "r.json")}`],
      /json:.*cannot be written \((ENOTDIR|EEXIST)\)/,
    ],
    ["a report path that is a folder", ["--reporter", `junit:${dir}`], /junit:.* is a folder/],
    ["--save-failures naming a folder", ["--save-failures", dir], /--save-failures .*: is a folder/],
    [
      "--save-failures under a file, with --generate",
      ["--generate", "--save-failures", join(dir, "file", "f.json")],
      /--save-failures .*f\.json: cannot be written \((ENOTDIR|EEXIST)\)/,
    ],
    ["--sign sigv4 with no credentials", ["--sign", "sigv4"], /--sign sigv4: no AWS credentials found/],
    ["--timeout 0", ["--timeout", "0"], /--timeout must be at least 1 ms, got '0'/],
    [
      "--timeout past the longest a timer can wait",
      ["--timeout", "600h"],
      /--timeout must be at most 2147483647 ms \(about 596h, the longest a timer can wait\), got '600h'/,
    ],
    [
      "--calling-name-delay past the longest a timer can wait (the completion cases wait for it)",
      ["--calling-name-delay", "600h"],
      /--calling-name-delay must be at most 2147481647 ms .*, got '600h'/,
    ],
  ];
  for (const [what, argv, message] of rows) {
    const before = target.requests.length;
    const r = await runTest(["--target", target.url, ...argv]);
    t.equal(r.code, 2, `${what}: exit 2`);
    t.equal(r.err.trim().split("\n").length, 1, `${what}: one line (${r.err.trim().slice(0, 200)})`);
    t.match(r.err, message, what);
    t.notMatch(r.err, /internal error|\n\s+at /, `${what}: no stack trace`);
    t.equal(target.requests.length, before, `${what}: no request sent`);
  }
});
