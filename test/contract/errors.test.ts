// W3: the one error table agrees with the document, status by status, for both operations.
import t from "tap";
import {
  errorByShape,
  errorByStatus,
  loadContract,
  serviceErrors,
  shapeFromErrorTypeHeader,
} from "../../src/contract/index.js";

const contract = await loadContract();

t.test("the table has one row per shape, status and Code", async (t) => {
  t.equal(new Set(serviceErrors.map((e) => e.shape)).size, serviceErrors.length);
  t.equal(new Set(serviceErrors.map((e) => e.status)).size, serviceErrors.length);
  t.equal(new Set(serviceErrors.map((e) => e.code)).size, serviceErrors.length);
  for (const e of serviceErrors) {
    t.equal(errorByShape(e.shape), e);
    t.equal(errorByStatus(e.status), e);
    t.equal(e.fault, e.status >= 500 ? "server" : "client", `${e.shape} fault side`);
  }
});

t.test("UpdatePhoneNumber documents 200 and every error of the table; GetPhoneNumber all but 409", async (t) => {
  t.same(
    [...contract.operation("UpdatePhoneNumber").responses.keys()].sort(),
    [200, 400, 401, 403, 404, 409, 429, 500, 503],
  );
  t.same([...contract.operation("GetPhoneNumber").responses.keys()].sort(), [200, 400, 401, 403, 404, 429, 500, 503]);
});

for (const operationId of ["UpdatePhoneNumber", "GetPhoneNumber"] as const) {
  t.test(`${operationId}: each error response is the table's shape`, async (t) => {
    for (const [status, response] of contract.operation(operationId).responses) {
      if (status === 200) continue;
      const row = errorByStatus(status)!;
      t.equal(response.error, row, `${status} maps to ${row.shape}`);
      const body = response.content.get("application/json")!;
      t.equal(body({ Code: row.code, Message: "m" }).valid, true, `${status} accepts Code ${row.code}`);
      t.equal(
        body({ Code: row.code === "NotFound" ? "BadRequest" : "NotFound", Message: "m" }).valid,
        false,
        `${status} rejects another Code`,
      );
      t.equal(body({ Code: row.code, Message: "" }).valid, false, `${status} rejects an empty message`);
      t.equal(body({ Code: row.code }).valid, false, `${status} needs a message`);
      const errorType = response.headers.find((h) => h.name === "x-amzn-errortype")!;
      t.equal(errorType.required, true, `${status} requires x-amzn-ErrorType`);
      t.equal(errorType.validate(row.shape).valid, true);
      t.equal(
        errorType.validate(`${row.shape}:http://internal.amazon.com/coral/com.amazonaws.chimesdkvoice/`).valid,
        true,
        "AWS's suffixed form",
      );
      t.equal(errorType.validate("SomethingElseException").valid, false);
      t.equal(
        response.headers.find((h) => h.name === "x-amzn-requestid")?.required,
        true,
        `${status} requires x-amzn-RequestId`,
      );
    }
    const ok = contract.operation(operationId).responses.get(200)!;
    t.equal(ok.headers.find((h) => h.name === "x-amzn-requestid")?.required, true, "200 requires x-amzn-RequestId");
  });
}

t.test("the header's shape name, with or without AWS's suffix", async (t) => {
  t.equal(shapeFromErrorTypeHeader("NotFoundException"), "NotFoundException");
  t.equal(shapeFromErrorTypeHeader("NotFoundException:http://internal.amazon.com/"), "NotFoundException");
});
