// Regression: durations past the longest a timer can wait (2^31-1 ms, about 596 h) were accepted by every
// command and then fired after 1 ms (Node's TimeoutOverflowWarning): false timeouts, zero latencies. `proxy
// --timeout 0` and `fixtures capture --timeout 0` were accepted (the proxy took 0 for 30 s). A --store value with
// no scheme was repeated whole in its error, password and all; so was a --target or --reset-url with a password.
// Each is now one line and exit 2, through the real command line, naming the flag and the limit.
import t from "tap";
import { runCli as run } from "../helpers/cli.js";

// Nothing listens there: every row below is refused before any request, so none is made.
const nowhere = "http://127.0.0.1:9";
const exitAtOnce = ["--", process.execPath, "-e", ""];
const atMost = /must be at most 2147483647 ms \(about 596h, the longest a timer can wait\)/;

const refused: Array<[string, string[], RegExp]> = [
  ["serve --latency 600h", ["serve", "--port", "0", "--latency", "600h", ...exitAtOnce], atMost],
  // test's own rows are in test/runner/hostile/crashes-where-one-line-promised.test.ts.
  ["proxy --timeout 600h", ["proxy", "--target", nowhere, "--timeout", "600h", ...exitAtOnce], atMost],
  [
    "fixtures capture --timeout 600h",
    ["fixtures", "capture", "--target", nowhere, "--numbers", "+12065550100", "--timeout", "600h"],
    atMost,
  ],
  ["proxy --timeout 0", ["proxy", "--target", nowhere, "--timeout", "0", ...exitAtOnce], /at least 1 ms, got '0'/],
  [
    "fixtures capture --timeout 0",
    ["fixtures", "capture", "--target", nowhere, "--numbers", "+12065550100", "--timeout", "0"],
    /--timeout must be at least 1 ms, got '0'/,
  ],
  [
    "serve --store postgres://...?query_timeout=600h",
    ["serve", "--port", "0", "--store", "postgres://app@127.0.0.1:9/d?query_timeout=600h", ...exitAtOnce],
    /query_timeout must be at most 2147481647 ms/,
  ],
];

t.test("a duration a timer cannot hold, or a timeout of 0, is one line and exit 2", async (t) => {
  for (const [what, argv, message] of refused) {
    const r = await run(...argv);
    t.equal(r.code, 2, `${what}: exit 2`);
    t.equal(r.err.trim().split("\n").length, 1, `${what}: one line (${r.err.trim().slice(0, 200)})`);
    t.match(r.err, message, what);
  }
});

t.test("a calling-name delay only added to a clock time may be longer than a timer holds", async (t) => {
  for (const argv of [
    ["serve", "--port", "0", "--log-level", "silent", "--calling-name-delay", "600h", ...exitAtOnce],
    ["proxy", "--target", nowhere, "--calling-name-delay", "600h", ...exitAtOnce],
  ]) {
    const r = await run(...argv);
    t.equal(r.code, 0, `${argv[0]}: accepted (${r.err.trim().slice(0, 200)})`);
  }
  const r = await run("serve", "--port", "0", "--calling-name-delay", "2400000001h", ...exitAtOnce);
  t.equal(r.code, 2, "past the clock's range: exit 2");
  t.match(r.err, /--calling-name-delay must be at most 8640000000000000 ms \(about 2400000000h/);
});

const secrets: Array<[string, string[], RegExp]> = [
  [
    "a --store with no scheme",
    ["serve", "--store", "host=127.0.0.1 user=u password=kvpw dbname=db"],
    /--store must be one of memory, sqlite, postgres, postgresql \(the value is not shown/,
  ],
  ["a --store of an unknown scheme", ["serve", "--store", "redis://u:kvpw@h"], /got 'redis:\.\.\.'/],
  ["a --store a known word begins", ["serve", "--store", "memory:password=kvpw"], /--store must be memory, sqlite/],
  ["a --store postgres: with no //", ["serve", "--store", "postgres:password=kvpw"], /--store must be memory/],
  ["test --target", ["test", "--target", "ftp://u:kvpw@h/"], /got 'ftp:\/\/u:\*\*\*@h\/'/],
  ["test --reset-url", ["test", "--target", nowhere, "--reset-url", "u:kvpw@h/reset"], /got 'u:\*\*\*@h\/reset'/],
  ["proxy --target", ["proxy", "--target", "ftp://u:kvpw@h/"], /got 'ftp:\/\/u:\*\*\*@h\/'/],
  [
    "fixtures capture --target",
    ["fixtures", "capture", "--target", "ftp://u:kvpw@h/", "--numbers", "+12065550100"],
    /got 'ftp:\/\/u:\*\*\*@h\/'/,
  ],
];

t.test("an error about a value that may hold a password never repeats the password", async (t) => {
  for (const [what, argv, message] of secrets) {
    const r = await run(...argv);
    t.equal(r.code, 2, `${what}: exit 2`);
    t.equal(r.err.trim().split("\n").length, 1, `${what}: one line`);
    t.match(r.err, message, `${what}: ${r.err.trim()}`);
    t.notMatch(r.err, /kvpw/, `${what}: no password`);
  }
});
