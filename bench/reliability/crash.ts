// Part 4: `--store sqlite:PATH` and `kill -9` in the middle of a load. One writer per number updates without
// pause; the server is killed with SIGKILL while updates are in flight, started again on the same file, and
// every number must read back as its last update answered 200, or as the update that was in flight at the
// kill (which may or may not have landed: both are correct). Anything else is lost or invented.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Pool } from "undici";
import type { Fixture, PhoneNumber } from "../../src/contract/index.js";
import { seededRandom, updateRequest, validDetail } from "./load-mix.js";
import { Findings, ms, partResult, type PartResult } from "./part-result.js";
import { canonical, expectedUpdate, type Expected } from "./phone-number-model.js";
import { send } from "./pool-request.js";
import { startServe, type CliBuild } from "./serve-process.js";

export interface CrashOptions {
  build: CliBuild;
  fixtures: readonly Fixture[];
  /** How long the writers run before the kill. */
  loadMs: number;
  seed?: number;
}

interface Writer {
  fixture: Fixture;
  acknowledged: PhoneNumber;
  updates: number;
  /** The update in flight, with what it answers if it lands. */
  inFlight?: Expected;
}

const phoneNumberOf = (body: string) => (JSON.parse(body) as { PhoneNumber: PhoneNumber }).PhoneNumber;
const withoutTimestamp = ({ UpdatedTimestamp: _at, ...rest }: PhoneNumber) => canonical(rest);

export async function killMidLoad(options: CrashOptions): Promise<PartResult> {
  const { build, fixtures, loadMs } = options;
  const seed = options.seed ?? Date.now() % 1_000_000;
  const dir = mkdtempSync(join(tmpdir(), "reliability-crash-"));
  const store = ["--store", `sqlite:${join(dir, "state.db")}`];
  const findings = new Findings();
  try {
    const first = await startServe(build, store);
    const pool = new Pool(first.url, { connections: fixtures.length });
    const writers: Writer[] = [];
    for (const fixture of fixtures) {
      const outcome = await send(pool, { method: "GET", path: `/phone-numbers/${fixture.PhoneNumberId}` });
      if (!("answer" in outcome) || outcome.answer.status !== 200)
        throw new Error(`cannot read ${fixture.E164PhoneNumber}: ${JSON.stringify(outcome)}`);
      writers.push({ fixture, acknowledged: phoneNumberOf(outcome.answer.body), updates: 0 });
    }
    let killed = false;
    const random = seededRandom(seed);
    const write = async (writer: Writer) => {
      const own = seededRandom(Math.floor(random() * 2 ** 32));
      while (!killed) {
        const detail = validDetail(own, writer.fixture);
        const expected = expectedUpdate(writer.acknowledged, detail);
        writer.inFlight = expected;
        const outcome = await send(pool, updateRequest(own, writer.fixture, detail));
        if (killed) return; // answered or not, this one was in flight at the kill
        writer.inFlight = undefined;
        writer.updates++;
        if ("error" in outcome) {
          findings.add("connection error", `before the kill: ${outcome.error}`);
          continue;
        }
        if (outcome.answer.status !== expected.status)
          findings.add(
            "unexpected status",
            `${writer.fixture.E164PhoneNumber} -> ${outcome.answer.status}, want ${expected.status}`,
          );
        if (outcome.answer.status === 200) writer.acknowledged = phoneNumberOf(outcome.answer.body);
      }
    };
    const writing = Promise.all(writers.map(write));
    await sleep(loadMs);
    // The kill comes while every writer has an update out: `killed` freezes each writer's view at this instant.
    killed = true;
    const inFlightAtKill = writers.filter((w) => w.inFlight).length;
    await first.kill("SIGKILL");
    await writing;
    await pool.destroy();
    const acknowledged = writers.reduce((n, w) => n + w.updates, 0);

    const restartStarted = performance.now();
    const second = await startServe(build, store);
    const restartMs = performance.now() - restartStarted;
    const reader = new Pool(second.url, { connections: 4 });
    let landed = 0;
    let lost = 0;
    try {
      for (const writer of writers) {
        const outcome = await send(reader, { method: "GET", path: `/phone-numbers/${writer.fixture.PhoneNumberId}` });
        if (!("answer" in outcome) || outcome.answer.status !== 200) {
          findings.add(
            "unreadable",
            `${writer.fixture.E164PhoneNumber} after the restart: ${JSON.stringify(outcome).slice(0, 200)}`,
          );
          continue;
        }
        const now = phoneNumberOf(outcome.answer.body);
        if (canonical(now) === canonical(writer.acknowledged)) continue;
        const inFlight = writer.inFlight;
        if (
          inFlight?.status === 200 &&
          withoutTimestamp(now) === withoutTimestamp(inFlight.phoneNumber) &&
          Date.parse(now.UpdatedTimestamp ?? "") >= Date.parse(writer.acknowledged.UpdatedTimestamp ?? "")
        ) {
          landed++;
          continue;
        }
        lost++;
        findings.add(
          "lost or invented",
          `${writer.fixture.E164PhoneNumber} reads ${canonical(now).slice(0, 240)}; last acknowledged ${canonical(writer.acknowledged).slice(0, 240)}`,
        );
      }
    } finally {
      await reader.close();
      await second.kill("SIGTERM");
    }
    if (inFlightAtKill === 0) findings.add("setup", "no update was in flight at the kill");
    const figures = [
      `${fixtures.length} writers, ${acknowledged} updates answered in ${ms(loadMs)}, then SIGKILL with ${inFlightAtKill} in flight`,
      `restart ${ms(restartMs)}`,
      `after it: ${writers.length - landed - lost} numbers as last acknowledged, ${landed} with the in-flight update landed, ${lost} lost or invented`,
    ];
    return partResult("kill -9 mid-load (sqlite)", figures, findings);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
