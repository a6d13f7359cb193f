// The run's senders (`--concurrency`): at most `size` at once, first come first served; a sender that runs alone
// (a case timing a pending calling name under --calling-name-delay) waits for the others and holds back the rest.
import t from "tap";
import { Slots } from "../../src/runner/slots.js";

const after = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

t.test("at most `size` hold a slot, the next goes when one is released", async (t) => {
  const slots = new Slots(2);
  const first = await slots.take();
  await slots.take();
  let third = false;
  const waiting = slots.take().then((release) => {
    third = true;
    return release;
  });
  await after(10);
  t.notOk(third, "a third waits while two are held");
  first();
  first();
  (await waiting)();
  t.ok(third, "and goes once one is released (a release counts once)");
});

t.test("a sender alone starts once the others are done, and the ones after it wait for it", async (t) => {
  const slots = new Slots(4);
  const log: string[] = [];
  const sender = (name: string, ms: number, alone = false) =>
    slots.hold(async () => {
      log.push(`${name} starts`);
      await after(ms);
      log.push(`${name} ends`);
    }, alone);
  await Promise.all([sender("a", 30), sender("b", 10), sender("alone", 10, true), sender("c", 5)]);
  t.same(log, ["a starts", "b starts", "b ends", "a ends", "alone starts", "alone ends", "c starts", "c ends"]);
});

t.test("within a sender, requests go on its slot: a nested hold does not wait for another", async (t) => {
  const slots = new Slots(1);
  const inner = await slots.hold(() => slots.hold(async () => slots.holding));
  t.ok(inner, "the nested task ran, holding");
  t.notOk(slots.holding, "outside any sender, not holding");
});
