// Auth: the --credentials file is read once at start; any mistake in it is one line naming file, entry and problem,
// and never repeats what the file holds that could be a secret.
import t, { type Test } from "tap";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { CredentialsFileError } from "../../src/errors.js";
import { loadCredentials } from "../../src/server/credentials.js";
import { runBuiltCli } from "../helpers/built-cli.js";

async function load(dir: string, content: string) {
  const file = join(dir, "keys.json");
  await writeFile(file, content);
  return { file, result: loadCredentials(file) };
}

t.test("a valid file: entries as written, allow only where given", async (t) => {
  const { result } = await load(
    t.testdir(),
    JSON.stringify([
      { accessKeyId: "AKIDFULL", secretAccessKey: "s1" },
      { accessKeyId: "AKIDREAD", secretAccessKey: "s2", allow: ["GetPhoneNumber"] },
      { accessKeyId: "AKIDNONE", secretAccessKey: "s3", allow: [] },
      { accessKeyId: "AKIDBOTH", secretAccessKey: "s4", allow: ["GetPhoneNumber", "UpdatePhoneNumber"] },
    ]),
  );
  t.same(await result, [
    { accessKeyId: "AKIDFULL", secretAccessKey: "s1" },
    { accessKeyId: "AKIDREAD", secretAccessKey: "s2", allow: ["GetPhoneNumber"] },
    { accessKeyId: "AKIDNONE", secretAccessKey: "s3", allow: [] },
    { accessKeyId: "AKIDBOTH", secretAccessKey: "s4", allow: ["GetPhoneNumber", "UpdatePhoneNumber"] },
  ]);
  t.equal((await result)[0]!.allow, undefined, "no allow member means every operation");
});

t.test("invalid files: one line naming the file, the entry and what is wrong", async (t) => {
  const key = { accessKeyId: "AKID", secretAccessKey: "s" };
  const cases: [string, string, RegExp][] = [
    ["not JSON", "[{", /: credentials are not valid JSON: line 1, column 3: the text ends before the JSON does/],
    ["not an array", JSON.stringify(key), /: credentials must be a JSON array/],
    ["an empty array", "[]", /: credentials list no key/],
    ["an entry that is not an object", JSON.stringify([key, "AKID:s"]), /: entry \[1\]: must be an object$/],
    [
      "no accessKeyId",
      JSON.stringify([{ secretAccessKey: "s" }]),
      /: entry \[0\]: accessKeyId must be a non-empty string$/,
    ],
    [
      "empty accessKeyId",
      JSON.stringify([{ accessKeyId: "", secretAccessKey: "s" }]),
      /: entry \[0\]: accessKeyId must be a non-empty string$/,
    ],
    [
      "a slash in accessKeyId",
      JSON.stringify([{ accessKeyId: "AK/ID", secretAccessKey: "s" }]),
      /: entry \[0\]: accessKeyId contains a space, "\/", "," or "=" \(is the secret in its place\?\)$/,
    ],
    [
      "no secretAccessKey",
      JSON.stringify([{ accessKeyId: "AKID" }]),
      /: entry \[0\]: secretAccessKey must be a non-empty string$/,
    ],
    [
      "a numeric secret",
      JSON.stringify([{ accessKeyId: "AKID", secretAccessKey: 12 }]),
      /: entry \[0\]: secretAccessKey must be a non-empty string$/,
    ],
    [
      "a duplicate key",
      JSON.stringify([key, { ...key, secretAccessKey: "t" }]),
      /: entry \[1\]: accessKeyId "AKID" appears twice$/,
    ],
    [
      "allow not an array",
      JSON.stringify([{ ...key, allow: "GetPhoneNumber" }]),
      /: entry \[0\]: allow must be an array of operation ids \(GetPhoneNumber, UpdatePhoneNumber\)$/,
    ],
    [
      "allow naming another operation",
      JSON.stringify([{ ...key, allow: ["GetPhoneNumber", "DeletePhoneNumber"] }]),
      /: entry \[0\]: allow lists "DeletePhoneNumber", not an operation id/,
    ],
    [
      "allow in the wrong case",
      JSON.stringify([{ ...key, allow: ["getPhoneNumber"] }]),
      /: entry \[0\]: allow lists "getPhoneNumber"/,
    ],
    [
      "a misspelt member",
      JSON.stringify([{ ...key, Allow: ["GetPhoneNumber"] }]),
      /: entry \[0\]: unknown member "Allow"/,
    ],
  ];
  const dir = t.testdir();
  for (const [name, content, message] of cases) {
    const { file, result } = await load(dir, content);
    const error = await result.then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    t.ok(error instanceof CredentialsFileError, `${name}: refused`);
    t.equal((error as CredentialsFileError).code, "CVC_CREDENTIALS_FILE", `${name}: its code`);
    t.ok(error?.message.startsWith(`${file}: `), `${name}: names the file`);
    t.match(error?.message, message, name);
    t.equal(error?.message.split("\n").length, 1, `${name}: one line`);
  }
});

t.test("an unreadable file names the file and the cause", async (t) => {
  const file = join(t.testdir(), "missing.json");
  await t.rejects(loadCredentials(file), {
    message: `${file}: cannot read credentials: ENOENT`,
    code: "CVC_CREDENTIALS_FILE",
  });
});

// A secret as AWS shapes them, recognisable in any part: no six characters of it in a row may be printed.
const secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzSECRETKEY9";
const fragments = (text: string) => Array.from({ length: text.length - 5 }, (_, i) => text.slice(i, i + 6));
const noPartOfTheSecret = (t: Test, text: string, name: string) => {
  const found = fragments(secret).find((fragment) => text.includes(fragment));
  t.equal(found, undefined, `${name}: no part of the secret is printed`);
};

/** Malformed files with the secret where the fault is, or where a message would be tempted to quote it. */
const secretCases: Array<[string, string, RegExp]> = [
  [
    "cut off inside the secret",
    `[{"accessKeyId":"AKIDEXAMPLE","secretAccessKey":"${secret.slice(0, 20)}`,
    /not valid JSON: line 1, column 70: the text ends before the JSON does/,
  ],
  [
    "the secret without quotes",
    `[{"accessKeyId":"AKIDEXAMPLE",\n  "secretAccessKey":${secret}}]`,
    /not valid JSON: line 2, column 21: unexpected text/,
  ],
  [
    "in single quotes",
    `[{"accessKeyId":"AKIDEXAMPLE","secretAccessKey":'${secret}'}]`,
    /not valid JSON: line 1, column 49: unexpected text/,
  ],
  [
    "a missing comma after the secret",
    `[{"accessKeyId":"AKIDEXAMPLE","secretAccessKey":"${secret}" "allow":[]}]`,
    /not valid JSON: line 1, column \d+: unexpected "\\""/,
  ],
  [
    "a trailing comma after the secret",
    `[{"accessKeyId":"AKIDEXAMPLE","secretAccessKey":"${secret}",}]`,
    /not valid JSON: line 1, column \d+: unexpected "}"/,
  ],
  [
    "a line break inside the secret",
    `[{"accessKeyId":"AKIDEXAMPLE","secretAccessKey":"${secret.slice(0, 20)}\n${secret.slice(20)}"}]`,
    /not valid JSON: line 1, column 70: a control character/,
  ],
  [
    "a bad escape inside the secret",
    `[{"accessKeyId":"AKIDEXAMPLE","secretAccessKey":"${secret.slice(0, 20)}\\q${secret.slice(20)}"}]`,
    /not valid JSON: line 1, column 71: an escape a JSON string cannot hold/,
  ],
  [
    "the secret in place of the key id",
    JSON.stringify([{ accessKeyId: secret, secretAccessKey: "AKIDEXAMPLE" }]),
    /entry \[0\]: accessKeyId contains a space, "\/", "," or "=" \(is the secret in its place\?\)$/,
  ],
  [
    "the secret as a member's name",
    JSON.stringify([{ accessKeyId: "AKIDEXAMPLE", secretAccessKey: "s", [secret]: true }]),
    /entry \[0\]: unknown member number 3 \(expected accessKeyId, secretAccessKey, allow\)$/,
  ],
  [
    "the secret in allow",
    JSON.stringify([{ accessKeyId: "AKIDEXAMPLE", secretAccessKey: "s", allow: ["GetPhoneNumber", secret] }]),
    /entry \[0\]: allow lists item 2, not an operation id/,
  ],
  ["the secret alone", JSON.stringify(secret), /credentials must be a JSON array/],
];

t.test("a malformed file never prints its secret: it says where and what is wrong instead", async (t) => {
  const dir = t.testdir();
  for (const [name, content, message] of secretCases) {
    const { result } = await load(dir, content);
    const error = await result.then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    t.ok(error instanceof CredentialsFileError, `${name}: refused`);
    t.match(error?.message, message, name);
    t.equal(error?.message.split("\n").length, 1, `${name}: one line`);
    noPartOfTheSecret(t, error?.message ?? "", name);
  }
});

t.test("serve --auth sigv4 with a malformed file: one line, exit 2, the secret in neither stream", async (t) => {
  const dir = t.testdir();
  for (const [name, content] of [secretCases[1]!, secretCases[7]!]) {
    const file = join(dir, "keys.json");
    await writeFile(file, content);
    const run = await runBuiltCli(["serve", "--port", "0", "--auth", "sigv4", "--credentials", file]);
    t.equal(run.code, 2, `${name}: exit 2`);
    t.equal(run.stdout, "", `${name}: nothing on stdout`);
    t.match(run.stderr, /^chime-voice-contract serve: .*keys\.json: .+\n$/, `${name}: one line on stderr`);
    noPartOfTheSecret(t, run.stdout + run.stderr, name);
  }
});
