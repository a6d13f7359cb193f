// S1-S7 with an injected clock, through inject and loopback HTTP.
import t from "tap";
import { ManualClock, gbNumber, json, pendingNumber, phoneNumberOf, usNumber } from "./helpers.js";
import { transports } from "./transports.js";

const hour = 3_600_000;

for (const transport of transports) {
  t.test(`semantics through ${transport.name}`, async (t) => {
    const get = (send: Awaited<ReturnType<typeof transport.open>>, tt: typeof t, id: string) =>
      send(tt, { method: "GET", url: `/phone-numbers/${id}` });
    const update = (send: Awaited<ReturnType<typeof transport.open>>, tt: typeof t, id: string, body: object) =>
      send(tt, { method: "POST", url: `/phone-numbers/${id}`, headers: json, body: JSON.stringify(body) });

    t.test("S1: an unknown number is a 404 NotFoundException, for a read and for a valid update", async (t) => {
      const send = await transport.open(t);
      for (const r of [await get(send, t, "%2B19995550199"), await update(send, t, "%2B19995550199", { Name: "x" })]) {
        t.equal(r.status, 404);
        t.equal(r.headers["x-amzn-errortype"], "NotFoundException");
      }
    });

    t.test("S2: SipMediaApplicationDialIn is accepted outside the US; VoiceConnector in the US", async (t) => {
      const send = await transport.open(t);
      t.equal(
        phoneNumberOf(await update(send, t, gbNumber, { ProductType: "SipMediaApplicationDialIn" })).ProductType,
        "SipMediaApplicationDialIn",
      );
      t.equal(
        phoneNumberOf(await update(send, t, "%2B12065550101", { ProductType: "VoiceConnector" })).ProductType,
        "VoiceConnector",
      );
    });

    t.test('S3: Name applies at once; "" removes it; S6: nothing else changes, no other number changes', async (t) => {
      const clock = new ManualClock();
      const send = await transport.open(t, { clock });
      const before = phoneNumberOf(await get(send, t, usNumber));
      const other = (await get(send, t, "%2B12065550101")).text;
      const renamed = phoneNumberOf(await update(send, t, usNumber, { Name: "Lobby", __proto__x: 1 }));
      t.equal(renamed.Name, "Lobby");
      t.same(
        { ...renamed, Name: before.Name, UpdatedTimestamp: before.UpdatedTimestamp },
        before,
        "only Name and UpdatedTimestamp changed",
      );
      t.equal(renamed.UpdatedTimestamp, new Date(clock.time).toISOString(), "S6: the time of the update");
      const removed = phoneNumberOf(await update(send, t, usNumber, { Name: "" }));
      t.notOk("Name" in removed, "S3: the member is omitted");
      t.equal((await get(send, t, "%2B12065550101")).text, other, "S6: no other number changed");
    });

    t.test("S4: CallingName is pending, then completes after the delay on the injected clock", async (t) => {
      const clock = new ManualClock();
      const send = await transport.open(t, { clock, callingNameDelayMs: 72 * hour });
      const started = phoneNumberOf(await update(send, t, usNumber, { CallingName: "Acme Corp" }));
      t.equal(started.CallingName, "Acme Corp");
      t.equal(started.CallingNameStatus, "UpdateInProgress");
      clock.advance(72 * hour - 1);
      t.equal(
        phoneNumberOf(await get(send, t, usNumber)).CallingNameStatus,
        "UpdateInProgress",
        "still pending 1 ms before the delay",
      );
      clock.advance(1);
      const done = phoneNumberOf(await get(send, t, usNumber));
      t.equal(done.CallingNameStatus, "UpdateSucceeded");
      t.same(
        { ...done, CallingNameStatus: "UpdateInProgress" },
        started,
        "S7: only CallingNameStatus differs after completion",
      );
    });

    t.test('S4: CallingName "" removes the name: omitted while pending, Unassigned on completion', async (t) => {
      const clock = new ManualClock();
      const send = await transport.open(t, { clock, callingNameDelayMs: hour });
      const started = phoneNumberOf(await update(send, t, "%2B12065550140", { CallingName: "" }));
      t.notOk("CallingName" in started);
      t.equal(started.CallingNameStatus, "UpdateInProgress");
      clock.advance(hour);
      const done = phoneNumberOf(await get(send, t, "%2B12065550140"));
      t.notOk("CallingName" in done);
      t.equal(done.CallingNameStatus, "Unassigned");
    });

    t.test("S4/S5: a fixture's pending update stays pending for the whole delay from the server's start", async (t) => {
      const clock = new ManualClock();
      const send = await transport.open(t, { clock, callingNameDelayMs: 2 * hour });
      const pending = phoneNumberOf(await get(send, t, pendingNumber));
      t.equal(pending.CallingNameStatus, "UpdateInProgress");
      clock.advance(2 * hour - 1);
      const conflict = await update(send, t, pendingNumber, { CallingName: "Other Name" });
      t.equal(conflict.status, 409, "S5: another CallingName while pending");
      t.equal(conflict.headers["x-amzn-errortype"], "ConflictException");
      t.same(phoneNumberOf(await get(send, t, pendingNumber)), pending, "S5: the pending update is left as it was");
      const named = phoneNumberOf(await update(send, t, pendingNumber, { Name: "Sales" }));
      t.equal(named.Name, "Sales", "S5: Name is still accepted meanwhile");
      t.equal(named.CallingNameStatus, "UpdateInProgress");
      t.equal(
        phoneNumberOf(await update(send, t, pendingNumber, { ProductType: "SipMediaApplicationDialIn" })).ProductType,
        "SipMediaApplicationDialIn",
        "S5: ProductType too",
      );
      clock.advance(1);
      t.equal(phoneNumberOf(await get(send, t, pendingNumber)).CallingNameStatus, "UpdateSucceeded");
      const again = await update(send, t, pendingNumber, { CallingName: "Other Name" });
      t.equal(again.status, 200, "a new calling name once the previous one completed");
    });

    t.test("S6: UpdatedTimestamp never goes back, and moves past a value more than a second old", async (t) => {
      const clock = new ManualClock(Date.parse("2025-12-31T00:00:00.000Z"));
      const send = await transport.open(t, { clock });
      const fixture = phoneNumberOf(await get(send, t, usNumber));
      const early = phoneNumberOf(await update(send, t, usNumber, { Name: "Early" }));
      t.equal(
        early.UpdatedTimestamp,
        fixture.UpdatedTimestamp,
        "a clock behind the stored value does not move it back",
      );
      clock.time = Date.parse("2026-06-01T00:00:00.000Z");
      const later = phoneNumberOf(await update(send, t, usNumber, { Name: "Later" }));
      t.equal(later.UpdatedTimestamp, "2026-06-01T00:00:00.000Z");
      clock.advance(1_500);
      const next = phoneNumberOf(await update(send, t, usNumber, { ProductType: "SipMediaApplicationDialIn" }));
      t.ok(Date.parse(next.UpdatedTimestamp!) > Date.parse(later.UpdatedTimestamp!), "strictly later");
    });

    t.test("S7: a read after each kind of update returns what the update returned", async (t) => {
      const send = await transport.open(t);
      for (const body of [
        { Name: "Desk 2" },
        { ProductType: "SipMediaApplicationDialIn" },
        { CallingName: "Acme" },
        { Name: "" },
      ]) {
        const written = await update(send, t, "%2B12065550102", body);
        t.equal(written.status, 200);
        t.same(phoneNumberOf(await get(send, t, "%2B12065550102")), phoneNumberOf(written), JSON.stringify(body));
      }
    });
  });
}
