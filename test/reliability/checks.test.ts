// The reliability run's own checks, on made-up answers: a check that cannot fail proves nothing, so each is
// shown to catch what it is for (and to pass what is right).
import t from "tap";
import { defaultFixturesPath, loadContract, loadFixtures, type PhoneNumber } from "../../src/contract/index.js";
import { answerFindings, type Answer } from "../../bench/reliability/envelope.js";
import { expectedUpdate, NumberHistory } from "../../bench/reliability/phone-number-model.js";
import { parseAnswers } from "../../bench/reliability/raw-http.js";
import { answersOwed, requestBytes, type RawRequest } from "../../bench/reliability/raw-request.js";

const contract = await loadContract();
const fixtures = await loadFixtures(defaultFixturesPath, contract);
const us = fixtures.find((f) => f.Country === "US" && f.CallingNameStatus !== "UpdateInProgress")!;
const gb = fixtures.find((f) => f.Country === "GB")!;
const enveloped = (status: number, shape: string, code: string): Answer => ({
  status,
  headers: {
    "content-type": "application/json",
    "x-amzn-requestid": "4a6e0b6e-0b8c-4d5e-9c1a-3f1f0e2b7c11",
    "x-amzn-errortype": shape,
  },
  body: JSON.stringify({ Code: code, Message: "explained" }),
});

const withHeader = (answer: Answer, name: string, value: string): Answer => ({
  ...answer,
  headers: { ...answer.headers, [name]: value },
});

t.test("answerFindings: W3 envelope, W4 documented statuses, no 5xx", async (t) => {
  const cases: Array<[string, string, Answer, RegExp | undefined]> = [
    ["a 400 in the envelope", "POST", enveloped(400, "BadRequestException", "BadRequest"), undefined],
    ["a 404 to HEAD, no body", "HEAD", { ...enveloped(404, "NotFoundException", "NotFound"), body: "" }, undefined],
    [
      "Node's bare 400",
      "GET",
      { status: 400, headers: { connection: "close" }, body: "" },
      /no x-amzn-ErrorType header/,
    ],
    ["a 417", "POST", { status: 417, headers: {}, body: "" }, /W4: status 417 is not documented/],
    ["a 500", "GET", enveloped(500, "ServiceFailureException", "ServiceFailure"), /answered 500 to a client's request/],
    [
      "the wrong shape",
      "GET",
      enveloped(404, "BadRequestException", "NotFound"),
      /x-amzn-ErrorType names BadRequestException, a 400, but the status is 404/,
    ],
    [
      "the shape as Code",
      "GET",
      enveloped(400, "BadRequestException", "BadRequestException"),
      /W3: the body's Code is 'BadRequestException'/,
    ],
    ["a 409 to GET", "GET", enveloped(409, "ConflictException", "Conflict"), /not documented for GetPhoneNumber/],
    [
      "text/plain",
      "POST",
      withHeader(enveloped(400, "BadRequestException", "BadRequest"), "content-type", "text/plain"),
      /Content-Type is 'text\/plain'/,
    ],
    [
      "a 200 that is no PhoneNumber",
      "GET",
      {
        status: 200,
        headers: { "content-type": "application/json", "x-amzn-requestid": "r-1" },
        body: '{"PhoneNumber":{"Name":5}}',
      },
      /does not match the document's schema/,
    ],
    [
      "a 200 GetPhoneNumber",
      "GET",
      {
        status: 200,
        headers: { "content-type": "application/json", "x-amzn-requestid": "r-1" },
        body: JSON.stringify({ PhoneNumber: us }),
      },
      undefined,
    ],
  ];
  for (const [name, method, answer, want] of cases) {
    const findings = answerFindings(contract, method, answer);
    if (want) t.match(findings.join("\n"), want, name);
    else t.same(findings, [], name);
  }
});

t.test("parseAnswers: interim 100 answers dropped, chunked and HEAD bodies, partial answers left over", async (t) => {
  const ok = "HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}";
  t.same(
    parseAnswers(Buffer.from(`HTTP/1.1 100 Continue\r\n\r\n${ok}`), ["POST"], false).answers.map((a) => a.status),
    [200],
  );
  t.same(
    parseAnswers(
      Buffer.from("HTTP/1.1 404 Not Found\r\ntransfer-encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n"),
      ["GET"],
      false,
    ).answers[0]?.body,
    "{}",
  );
  t.same(
    parseAnswers(
      Buffer.from(`HTTP/1.1 404 Not Found\r\ncontent-length: 10\r\n\r\n${ok}`),
      ["HEAD", "GET"],
      false,
    ).answers.map((a) => a.status),
    [404, 200],
  );
  const partial = parseAnswers(Buffer.from("HTTP/1.1 200 OK\r\ncontent-length: 9\r\n\r\n{}"), ["GET"], false);
  t.same([partial.answers.length, partial.rest.length], [0, 40]);
});

t.test("answersOwed: a whole request is owed an answer; HTTP lets the server close on an unfinished one", async (t) => {
  const base: RawRequest = {
    method: "POST",
    target: "/phone-numbers/x",
    version: "HTTP/1.1",
    headers: [["Host", "h"]],
    framing: { kind: "length", delta: 0 },
    body: new Uint8Array(Buffer.from("{}")),
  };
  const cases: Array<[string, Partial<RawRequest>, number]> = [
    ["exact Content-Length", {}, 1],
    ["Content-Length short: the rest is the next request", { framing: { kind: "length", delta: -1 } }, 1],
    ["Content-Length long: the body never ends", { framing: { kind: "length", delta: 5 } }, 0],
    ["chunked with its last chunk", { framing: { kind: "chunked", sizes: [1], terminated: true } }, 1],
    ["chunked without it", { framing: { kind: "chunked", sizes: [1], terminated: false } }, 0],
    ["a line feed inside a field", { headers: [["Host", "h\nX: y"]] }, 0],
    ["both Content-Length and chunked", { framing: { kind: "length-and-chunked" } }, 0],
  ];
  for (const [name, change, owed] of cases) t.equal(answersOwed({ ...base, ...change }), owed, name);
  t.equal(
    requestBytes({ ...base, framing: { kind: "chunked", sizes: [1], terminated: true } }).toString(),
    "POST /phone-numbers/x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n1\r\n{\r\n1\r\n}\r\n0\r\n\r\n",
  );
});

t.test("expectedUpdate: S2, S3, S4, S5 from DESIGN", async (t) => {
  t.same(
    expectedUpdate(gb, { member: "ProductType", value: "VoiceConnector" }),
    { status: 400, shape: "BadRequestException" },
    "S2",
  );
  const named = expectedUpdate(us, { member: "Name", value: "" });
  t.ok(named.status === 200 && !("Name" in named.phoneNumber), "S3: an empty Name removes it");
  const pending = expectedUpdate(us, { member: "CallingName", value: "Acme" });
  t.ok(pending.status === 200 && pending.phoneNumber.CallingNameStatus === "UpdateInProgress", "S4");
  if (pending.status === 200)
    t.same(
      expectedUpdate(pending.phoneNumber, { member: "CallingName", value: "Other" }),
      { status: 409, shape: "ConflictException" },
      "S5",
    );
});

t.test("NumberHistory: a read may see the states of its own window, no older and nothing invented", async (t) => {
  const at = (name: string): PhoneNumber => ({ ...us, Name: name });
  const history = new NumberHistory(at("s0"));
  const oldRead = history.readFrom();
  history.begin();
  history.end(at("s1"));
  const newRead = history.readFrom();
  t.ok(history.checkRead(oldRead, at("s0")), "a read sent before s1 was acknowledged may see s0");
  t.notOk(history.checkRead(newRead, at("s0")), "a read sent after s1 was acknowledged may not (S7)");
  history.begin();
  t.ok(history.checkRead(newRead, at("s2")), "an unknown state while an update is in flight is judged later");
  t.ok(history.checkRead(newRead, at("made up")), "so is this one");
  history.end(at("s2"));
  t.same(
    history.unresolvedReads().map((s) => JSON.parse(s).Name),
    ["made up"],
    "the in-flight update explains s2, nothing explains the other",
  );
});
