// libpq's password file, read as libpq reads it: first matching line, `*` wildcards, `\:` and `\\` escapes,
// comments; PGPASSFILE or ~/.pgpass; ignored when its group or others may read it.
import t from "tap";
import { chmod, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { passfilePath, passwordFromPassfile, type PassfileQuery } from "../../src/server/pgpass.js";

const query: PassfileQuery = { host: "db.internal", port: 5432, database: "chime", user: "app" };

async function passfile(dir: string, text: string, mode = 0o600): Promise<string> {
  const file = join(dir, "pgpass");
  await writeFile(file, text);
  await chmod(file, mode);
  return file;
}

t.test("the first line that matches gives the password", async (t) => {
  const cases: Array<[string, string, Partial<PassfileQuery>, string | undefined]> = [
    ["an exact line", "db.internal:5432:chime:app:first\n", {}, "first"],
    ["wildcards", "*:*:*:app:wild\n", {}, "wild"],
    ["the first of two", "*:*:*:*:one\ndb.internal:5432:chime:app:two\n", {}, "one"],
    ["another user's line is skipped", "db.internal:5432:chime:other:no\n*:*:chime:app:yes\n", {}, "yes"],
    ["another port's line is skipped", "db.internal:5433:*:*:no\n", {}, undefined],
    ["a comment", "#db.internal:5432:chime:app:no\n*:*:*:*:yes", {}, "yes"],
    ["escaped ':' and '\\'", "db.internal:5432:chime:app:a\\:b\\\\c\n", {}, "a:b\\c"],
    ["the password ends at an unescaped ':'", "*:*:*:*:abc:def\n", {}, "abc"],
    ["CRLF line ends", "*:*:*:*:crlf\r\n", {}, "crlf"],
    ["a socket matches localhost", "localhost:5432:chime:app:sock\n", { host: "/var/run/postgresql" }, "sock"],
    ["a short line is skipped", "db.internal:5432:chime\n*:*:*:*:ok\n", {}, "ok"],
  ];
  const dir = t.testdir();
  for (const [name, text, change, want] of cases) {
    const file = await passfile(dir, text);
    const answer = await passwordFromPassfile({ ...query, ...change }, { PGPASSFILE: file });
    t.equal(answer.password, want, name);
    t.equal(answer.file, file, `${name}: names the file`);
  }
});

t.test("a file its group or others may read is ignored, as libpq ignores it, and says why", async (t) => {
  const file = await passfile(t.testdir(), "*:*:*:*:open\n", 0o644);
  const answer = await passwordFromPassfile(query, { PGPASSFILE: file });
  t.equal(answer.password, undefined);
  t.match(answer, { file, ignored: /group or others may read it \(chmod 600 it/ });
});

t.test("PGPASSFILE, else ~/.pgpass; no file is no password", async (t) => {
  t.equal(passfilePath({ PGPASSFILE: "/x/y", HOME: "/home/a" }), "/x/y");
  t.equal(passfilePath({ HOME: "/home/a" }), "/home/a/.pgpass");
  t.same(await passwordFromPassfile(query, { PGPASSFILE: join(t.testdir(), "none") }), {});
});
