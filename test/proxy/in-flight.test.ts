// The proxy's list of what is in flight: each entry added and deleted once, in any order, the count and the walk
// always what is left; deleting an entry twice, or one whose neighbours went first, changes nothing else.
import t from "tap";
import { InFlight } from "../../src/proxy/in-flight.js";

t.test("entries deleted from the middle, the head and the tail leave the rest in order", async (t) => {
  const list = new InFlight<string>();
  const [a, b, c, d] = ["a", "b", "c", "d"].map((v) => list.add(v));
  t.same(list.values(), ["d", "c", "b", "a"], "newest first");
  t.equal(list.size, 4);
  list.delete(b!);
  t.same(list.values(), ["d", "c", "a"], "from the middle");
  list.delete(d!);
  t.same(list.values(), ["c", "a"], "the head");
  list.delete(a!);
  t.same(list.values(), ["c"], "the tail");
  list.delete(a!);
  list.delete(b!);
  t.same(list.values(), ["c"], "deleting again changes nothing");
  t.equal(list.size, 1, "nor the count");
  list.delete(c!);
  t.same(list.values(), []);
  t.equal(list.size, 0);
  t.equal(list.head, undefined);
  t.equal(c!.next, undefined, "a deleted entry holds no neighbour");
  t.equal(c!.prev, undefined);
});

t.test("10,000 entries deleted in a shuffled order: the count and the walk agree at every step", async (t) => {
  const list = new InFlight<number>();
  const entries = Array.from({ length: 10_000 }, (_, i) => list.add(i));
  // A fixed shuffle (a linear congruential sequence), so that a failure is the same every run.
  let seed = 7;
  for (let i = entries.length - 1; i > 0; i--) {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = seed % (i + 1);
    [entries[i], entries[j]] = [entries[j]!, entries[i]!];
  }
  const left = new Set(entries.map((e) => e.value));
  let agreed = true;
  for (const [n, entry] of entries.entries()) {
    list.delete(entry);
    left.delete(entry.value);
    if (n % 997 === 0) agreed &&= list.size === left.size && list.values().length === left.size;
  }
  t.ok(agreed, "size and walk agree with what is left");
  t.equal(list.size, 0);
  t.same(list.values(), []);
});

t.test("a value deleted while the list is walked: the walk is a snapshot", async (t) => {
  const list = new InFlight<() => void>();
  const seen: number[] = [];
  const entries: Array<ReturnType<typeof list.add>> = [];
  for (let i = 0; i < 5; i++)
    entries.push(
      list.add(() => {
        seen.push(i);
        list.delete(entries[i]!);
      }),
    );
  for (const stop of list.values()) stop();
  t.same(seen, [4, 3, 2, 1, 0], "every one called, each deleting itself");
  t.equal(list.size, 0);
});
