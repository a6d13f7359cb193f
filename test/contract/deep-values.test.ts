// ajv's validators (precompiled as the build writes them; precompiled.test.ts checks they judge as ajv at load
// does) descend into a value only as far as the document's schema
// describes it (the document has no recursive schema), so a value of any depth, in any member or at the root,
// costs them no recursion: the judge's own bound on depth (json-depth.ts) is not what keeps ajv's stack bounded.
import t from "tap";
import { loadContract, type Contract } from "../../src/contract/index.js";
import { phoneNumber } from "../helpers/phone-number.js";

const levels = 100_000;
const deep = {
  arrays: () => {
    let v: unknown = 1;
    for (let i = 0; i < levels; i++) v = [v];
    return v;
  },
  objects: () => {
    let v: unknown = 1;
    for (let i = 0; i < levels; i++) v = { a: v };
    return v;
  },
  mixed: () => {
    let v: unknown = 1;
    for (let i = 0; i < levels; i++) v = i % 2 ? [v] : { a: v };
    return v;
  },
};

// [where, validator, the body holding the deep value]
const places = (contract: Contract, d: unknown): Array<[string, (v: unknown) => unknown, unknown]> => {
  const ok = contract.responseValidator("GetPhoneNumber", 200)!;
  const bad = contract.responseValidator("UpdatePhoneNumber", 400)!;
  const request = contract.requestValidator("UpdatePhoneNumber");
  return [
    ["a 200's body", ok, d],
    ["PhoneNumber", ok, { PhoneNumber: d }],
    ["an unknown member of PhoneNumber", ok, { PhoneNumber: { ...phoneNumber, Extra: d } }],
    ["Name", ok, { PhoneNumber: { ...phoneNumber, Name: d } }],
    ["Capabilities", ok, { PhoneNumber: { ...phoneNumber, Capabilities: d } }],
    ["a capability", ok, { PhoneNumber: { ...phoneNumber, Capabilities: { InboundCall: d } } }],
    ["Associations", ok, { PhoneNumber: { ...phoneNumber, Associations: d } }],
    ["an association", ok, { PhoneNumber: { ...phoneNumber, Associations: [d] } }],
    ["an association's Value", ok, { PhoneNumber: { ...phoneNumber, Associations: [{ Value: d, Name: "n" }] } }],
    ["a 400's body", bad, d],
    ["a 400's Message", bad, { Code: "BadRequest", Message: d }],
    ["an unknown member of a 400", bad, { Code: "BadRequest", Message: "m", Extra: d }],
    ["a request's body", request, d],
    ["a request's Name", request, { Name: d }],
    ["an unknown member of a request", request, { Name: "n", Extra: d }],
  ];
};

const contract = await loadContract();

for (const [shape, build] of Object.entries(deep))
  t.test(`${levels} levels of ${shape} anywhere: every validator answers without recursing into them`, async (t) => {
    for (const [where, validate, body] of places(contract, build())) t.doesNotThrow(() => validate(body), where);
  });
