// Who may talk to the local servers, as pure functions: each Host value decided deliberately (allowed, a 400 as
// RFC 9112 section 3.2 asks for a value that is not `host[:port]`, or a 403), the --allowed-host grammar, the
// server's own Origin, and what counts as binding to loopback.
import t from "tap";
import {
  allowedHostName,
  bindNames,
  hostLines,
  hostPolicy,
  isLoopbackBind,
  isOwnOrigin,
  parseHost,
} from "../../src/access/index.js";

type Want = "allowed" | "malformed" | "refused";

const loopbackOnly: Array<[string, Want, string]> = [
  ["localhost", "allowed", "the name"],
  ["localhost:4010", "allowed", "with any port"],
  ["LocalHost:1", "allowed", "case-insensitive"],
  ["localhost:65535", "allowed", "the highest port"],
  ["127.0.0.1:4010", "allowed", "127.0.0.1"],
  ["127.255.3.4", "allowed", "anywhere in 127.0.0.0/8"],
  ["[::1]:4010", "allowed", "IPv6 loopback"],
  ["[0:0:0:0:0:0:0:1]", "allowed", "IPv6 loopback, long form"],
  ["[::ffff:127.0.0.1]:80", "allowed", "127.0.0.1 mapped into IPv6"],
  ["evil.example:4010", "refused", "another name"],
  ["rebind.attacker.example", "refused", "a rebinding page's own name"],
  ["localhost.", "refused", "a trailing dot: a resolver may send localhost. to DNS"],
  ["localhost.:4010", "refused", "a trailing dot, with a port"],
  ["app.localhost", "refused", "a name under .localhost"],
  ["127.0.0.1.", "refused", "an address with a trailing dot is a name"],
  ["127.1", "refused", "the short form of an address is not what a client sends"],
  ["2130706433", "refused", "an address as one number"],
  ["0.0.0.0:4010", "refused", "the unspecified address, unless bound to it"],
  ["[::]", "refused", "the IPv6 unspecified address, unless bound to it"],
  ["10.0.0.5", "refused", "another address"],
  ["local%68ost", "refused", "percent-encoding is not decoded"],
  ["user@localhost", "malformed", "userinfo"],
  ["evil.example@127.0.0.1", "malformed", "userinfo naming a loopback address"],
  ["localhost:", "malformed", "an empty port"],
  ["localhost:0", "malformed", "port 0"],
  ["localhost:65536", "malformed", "a port above 65535"],
  ["localhost:http", "malformed", "a port that is not a number"],
  ["localhost:-1", "malformed", "a negative port"],
  ["localhost:4010:1", "malformed", "two ports"],
  ["[::1%25lo]:4010", "malformed", "an IPv6 zone id"],
  ["[fe80::1%eth0]", "malformed", "an IPv6 zone id, unencoded"],
  ["[::1", "malformed", "an unclosed IPv6 literal"],
  ["[localhost]", "malformed", "a name in brackets"],
  ["::1", "malformed", "an IPv6 address without brackets"],
  ["[::1]4010", "malformed", "a port without its colon"],
  ["local host", "malformed", "a space"],
  ["localhost/x", "malformed", "a path"],
  ["", "malformed", "empty"],
];

t.test("Host on a server bound to loopback: every case decided", async (t) => {
  const policy = hostPolicy();
  for (const [value, want, why] of loopbackOnly) t.equal(policy.judge([value]).kind, want, `${value}: ${why}`);
  t.equal(policy.judge([]).kind, "missing", "no Host line");
  t.equal(policy.judge(["localhost", "localhost"]).kind, "malformed", "two Host lines, even equal ones");
  t.equal(policy.judge(["localhost", "evil.example"]).kind, "malformed", "a second Host line behind a good one");
});

t.test("Host with allowed names: those names, any port, and nothing near them", async (t) => {
  const policy = hostPolicy(["chime-voice", "API.Example.test", "fd00::1", "10.0.0.5"]);
  t.same(policy.names, ["chime-voice", "api.example.test", "[fd00::1]", "10.0.0.5"], "names kept normalised");
  const cases: Array<[string, Want]> = [
    ["chime-voice:4010", "allowed"],
    ["CHIME-VOICE", "allowed"],
    ["api.example.test:443", "allowed"],
    ["[fd00::1]:4010", "allowed"],
    ["[FD00:0::1]", "allowed"],
    ["10.0.0.5:4010", "allowed"],
    ["localhost:4010", "allowed"],
    ["chime-voice.", "refused"],
    ["x.chime-voice", "refused"],
    ["example.test", "refused"],
    ["10.0.0.6", "refused"],
  ];
  for (const [value, want] of cases) t.equal(policy.judge([value]).kind, want, value);
  t.throws(() => hostPolicy(["api:4010"]), /allowed host 'api:4010'/, "a bad name is a programming error");
});

t.test("a refusal quotes at most 100 characters of the Host it refuses", async (t) => {
  const verdict = hostPolicy().judge([`${"a".repeat(300)}.example`]);
  t.equal(verdict.kind, "refused");
  t.ok(verdict.kind === "refused" && verdict.message.length < 250, "bounded message");
});

t.test("--allowed-host values: names and addresses, never a URL, port, pattern or trailing dot", async (t) => {
  const good: Array<[string, string]> = [
    ["api", "api"],
    ["Chime-Voice.svc.cluster.local", "chime-voice.svc.cluster.local"],
    ["chime_voice", "chime_voice"],
    ["192.168.1.5", "192.168.1.5"],
    ["fd00::1", "[fd00::1]"],
    ["[FD00::1]", "[fd00::1]"],
    ["::", "[::]"],
  ];
  for (const [name, want] of good) t.same(allowedHostName(name), { ok: true, name: want }, name);
  const bad: Array<[string, RegExp]> = [
    ["http://api", /not a URL/],
    ["api/x", /not a URL/],
    ["user@api", /user information/],
    ["*.example.test", /not a pattern/],
    ["api:4010", /without a port/],
    ["[fd00::1]:4010", /IPv6 address without a zone id/],
    ["fe80::1%eth0", /zone id/],
    ["api.", /trailing dot/],
    ["-api", /host name/],
    ["a..b", /host name/],
    ["bad name", /host name/],
    ["", /host name/],
    [`${"a".repeat(64)}.example`, /host name/],
  ];
  for (const [name, reason] of bad) {
    const checked = allowedHostName(name);
    t.equal(checked.ok, false, `'${name}' is refused`);
    t.match(checked.ok ? "" : checked.reason, reason, `'${name}': says why`);
  }
});

t.test("the server's own Origin is http:// and its Host, as a browser serialises it", async (t) => {
  const host = (value: string) => {
    const parsed = parseHost(value);
    if (!parsed.ok) throw new Error(value);
    return parsed.host;
  };
  const cases: Array<[string, string, boolean]> = [
    ["http://127.0.0.1:4010", "127.0.0.1:4010", true],
    ["http://localhost:4010", "LOCALHOST:4010", true],
    ["http://LOCALHOST:4010", "localhost:4010", true],
    ["http://localhost", "localhost:80", true],
    ["http://localhost", "localhost", true],
    ["http://[::1]:4010", "[0:0::1]:4010", true],
    ["http://evil.example", "127.0.0.1:4010", false],
    ["http://127.0.0.1:4011", "127.0.0.1:4010", false],
    ["http://localhost:4010", "127.0.0.1:4010", false],
    ["https://127.0.0.1:4010", "127.0.0.1:4010", false],
    ["null", "127.0.0.1:4010", false],
    ["", "127.0.0.1:4010", false],
    ["http://127.0.0.1:4010/path", "127.0.0.1:4010", false],
    ["http://user@127.0.0.1:4010", "127.0.0.1:4010", false],
    ["http://127.0.0.1:4010, http://evil.example", "127.0.0.1:4010", false],
  ];
  for (const [origin, hostValue, own] of cases)
    t.equal(isOwnOrigin(origin, host(hostValue)), own, `Origin '${origin}' for Host '${hostValue}'`);
});

t.test("binding: loopback addresses add no name; anything else adds itself", async (t) => {
  for (const bind of ["127.0.0.1", "127.0.0.2", "localhost", "LOCALHOST", "::1", "[::1]"]) {
    t.ok(isLoopbackBind(bind), `${bind} is loopback`);
    t.same(bindNames(bind), [], `${bind}: no name added`);
  }
  const elsewhere: Array<[string, string[]]> = [
    ["0.0.0.0", ["0.0.0.0"]],
    ["::", ["[::]"]],
    ["10.0.0.5", ["10.0.0.5"]],
    ["Build-Agent", ["build-agent"]],
  ];
  for (const [bind, names] of elsewhere) {
    t.notOk(isLoopbackBind(bind), `${bind} is not loopback`);
    t.same(bindNames(bind), names, `${bind} answers its own name`);
  }
});

t.test("hostLines finds every Host line, whatever its case, and no other header", async (t) => {
  t.same(hostLines(["Host", "a", "HOST", "b", "hOsT", "c", "X-Host", "d", "Hosts", "e", "Hos", "f"]), ["a", "b", "c"]);
  t.same(hostLines(["Accept", "*/*"]), []);
  t.same(hostLines([]), []);
});
