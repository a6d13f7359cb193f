// Regression: escape sequences in a target's answer reached the terminal through the human reporter (on a TTY
// and piped) and the other text reporters: screen clears, title changes, OSC 8 links that hide their target,
// OSC 52 writes to the clipboard, and the one-byte C1 introducer U+009B. Each must be shown visibly escaped.
import t from "tap";
import { readFileSync } from "node:fs";
import { Writable } from "node:stream";
import { main } from "../../../src/cli.js";
import { answering, everyReporter, reportPaths, startHostile, startRaw } from "./target.js";

const ESC = "\u001b";
const attacks = {
  clear: `${ESC}[2J${ESC}[H`,
  title: `${ESC}]0;owned${"\u0007"}`,
  link: `${ESC}]8;;http://198.51.100.7/${ESC}\\click here${ESC}]8;;${ESC}\\`,
  clipboard: `${ESC}]52;c;Y3VybCBldmlsCg==${"\u0007"}`,
  csi: "\u009b31m",
};
const all = Object.values(attacks).join("");
// The body, Code, Message and a member name all carry them; so does the text of a JSON parse error.
const envelope = JSON.stringify({ Code: all, Message: all, [all]: all });

const control = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;
/** The text with the reporter's own progress sequence (carriage return, erase line) taken out. */
const target = (text: string) => text.replaceAll("\r\u001b[K", "");

async function runHuman(url: string, dir: string, tty: boolean) {
  let out = "";
  let err = "";
  const stdout = Object.assign(
    new Writable({
      write(chunk, _e, done) {
        out += String(chunk);
        done();
      },
    }),
    { isTTY: tty, columns: 100 },
  );
  const stderr = new Writable({
    write(chunk, _e, done) {
      err += String(chunk);
      done();
    },
  });
  const code = await main(["test", "--target", url, "--timeout", "2s", ...everyReporter(dir), "--reporter", "human"], {
    stdout,
    stderr,
  });
  return { code, out, err };
}

for (const [what, body, contentType] of [
  ["an error envelope", envelope, "application/json"],
  ["a body that is not JSON", `{"Code": "${all}"`, "application/json"],
  ["a text body", all, "text/plain"],
] as const) {
  for (const tty of [true, false]) {
    t.test(`terminal escapes pass through: ${what}, ${tty ? "on a TTY" : "piped"}`, async (t) => {
      const hostile = await startHostile(
        answering(400, { "content-type": contentType, "x-amzn-errortype": "BadRequestException" }, body),
      );
      t.teardown(() => hostile.close());
      const dir = t.testdir();
      const r = await runHuman(hostile.url, dir, tty);
      t.equal(r.code, 1, r.err);
      const paths = reportPaths(dir);
      const texts: Record<string, string> = {
        "human on stdout": target(r.out),
        stderr: r.err,
        "human file": readFileSync(paths.human, "utf8"),
        tap: readFileSync(paths.tap, "utf8"),
        junit: readFileSync(paths.junit, "utf8"),
      };
      for (const [name, text] of Object.entries(texts)) {
        const found = control.exec(text);
        t.notOk(
          found,
          `${name}: no raw control character${found ? ` (U+${found[0].charCodeAt(0).toString(16)} at ${found.index})` : ""}`,
        );
      }
      t.match(texts["human on stdout"], "\\x1b]52;c;Y3VybCBldmlsCg==\\x07", "OSC 52 shown as its escape");
      t.match(texts["human on stdout"], "\\x9b31m", "U+009B shown as its escape");
      t.match(texts.tap, /\\x9b31m/, "TAP shows U+009B escaped");
    });
  }
}

// HTTP allows bytes 0x80-0xFF in a header value (obs-text) and clients read them as Latin-1: 0x9B is U+009B.
t.test("terminal escapes pass through: a C1 introducer in a header value", async (t) => {
  const hostile = await startRaw((socket) => {
    socket.on("data", () =>
      socket.write(
        Buffer.from(
          `HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\nx-amzn-errortype: Bad\u009b2J\r\nx-amzn-requestid: r${Math.random()}\r\ncontent-length: 2\r\n\r\n{}`,
          "latin1",
        ),
      ),
    );
  });
  t.teardown(() => hostile.close());
  const dir = t.testdir();
  const r = await runHuman(hostile.url, dir, false);
  t.ok(r.code === 1, `exit 1 (${r.err.slice(-200)})`);
  for (const text of [r.out, readFileSync(reportPaths(dir).tap, "utf8"), readFileSync(reportPaths(dir).human, "utf8")])
    t.notOk(control.test(text), "no raw control character");
  t.match(r.out, "x-amzn-errortype: Bad\\x9b2J", "shown escaped");
});
