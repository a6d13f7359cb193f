// Auth: the --credentials file is read once at start; any mistake in it is one line naming file, entry and problem.
import t from "tap";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { loadCredentials } from "../../src/server/credentials.js";

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
    ["not JSON", "[{", /: credentials are not valid JSON: /],
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
      /: entry \[0\]: accessKeyId "AK\/ID" contains/,
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
    t.ok(error, `${name}: refused`);
    t.ok(error?.message.startsWith(`${file}: `), `${name}: names the file`);
    t.match(error?.message, message, name);
    t.equal(error?.message.split("\n").length, 1, `${name}: one line`);
  }
});

t.test("an unreadable file names the file and the cause", async (t) => {
  const file = join(t.testdir(), "missing.json");
  await t.rejects(loadCredentials(file), { message: `${file}: cannot read credentials: ENOENT` });
});
