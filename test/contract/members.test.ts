// The request details and the PhoneNumber members: the catalogue's lists are the document's, in its order, and
// each detail's rules are those the document cites for it.
import t from "tap";
import {
  detailRules,
  isRequestDetail,
  loadContract,
  phoneNumberMembers,
  requestDetails,
  ruleById,
} from "../../src/contract/index.js";

const contract = await loadContract();
interface SchemaObject {
  properties?: Record<string, { description?: string }>;
  oneOf?: Array<{ required?: string[] }>;
}
const schemas = contract.document.dereferenced.components?.schemas as Record<string, SchemaObject>;
const request = schemas.UpdatePhoneNumberRequest!;
const phoneNumber = schemas.PhoneNumber!;

t.test("the request details are the members of UpdatePhoneNumberRequest, in the document's order", async (t) => {
  t.same(requestDetails, Object.keys(request.properties ?? {}));
  t.same(Object.keys(detailRules), requestDetails);
});

t.test("V3: each oneOf branch of the request requires one detail, and the branches are the details", async (t) => {
  const required = (request.oneOf ?? []).map((branch) => branch.required ?? []);
  for (const r of required) t.equal(r.length, 1, `a branch requires ${r.join(", ")}`);
  t.same(required.flat(), requestDetails);
});

t.test("each detail's validation rule is the one V rule its description in the document cites", async (t) => {
  for (const d of requestDetails) {
    const cited = [...(request.properties?.[d]?.description ?? "").matchAll(/\bV\d\b/g)].map((m) => m[0]);
    t.same(cited, [detailRules[d].validation], `${d} cites ${detailRules[d].validation}`);
  }
  t.equal(new Set(requestDetails.map((d) => detailRules[d].validation)).size, requestDetails.length);
});

t.test("each detail's update rule is a semantics rule, and its validation rule names it", async (t) => {
  for (const d of requestDetails) {
    t.match(detailRules[d].update, /^S\d$/);
    t.ok(ruleById(detailRules[d].update), `${detailRules[d].update} is a rule`);
    t.match(ruleById(detailRules[d].validation)?.text, d, `${detailRules[d].validation} is about ${d}`);
  }
});

t.test("the PhoneNumber members are the PhoneNumber schema's, in the document's order, each once", async (t) => {
  t.same(phoneNumberMembers, Object.keys(phoneNumber.properties ?? {}));
  t.equal(new Set(phoneNumberMembers).size, phoneNumberMembers.length);
});

t.test("every detail an update sets is a PhoneNumber member of the same name", async (t) => {
  for (const d of requestDetails) t.ok(phoneNumberMembers.includes(d), d);
});

t.test("isRequestDetail: the details, and no name inherited from Object", async (t) => {
  for (const d of requestDetails) t.ok(isRequestDetail(d), d);
  for (const other of ["__proto__", "constructor", "toString", "hasOwnProperty", "name", "callingName", "Country"])
    t.notOk(isRequestDetail(other), other);
});
