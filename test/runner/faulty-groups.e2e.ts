// The faulty-target table's entries for the optional groups, each run with its group's flags and server mode.
import t from "tap";
import { expectCaught } from "./faulty/caught.js";
import { groupFaultyTargets as faultyTargets } from "./faulty/table.js";

// One whole suite run per faulty implementation: on a busy machine this file needs more than tap's 120 s.
t.setTimeout(600_000);

t.test(
  `each of ${faultyTargets.length} faulty implementations that only an optional group can catch is caught (exit 1), citing the rule it breaks`,
  async (t) => {
    t.ok(faultyTargets.length >= 8, "one or more per optional group");
    // One at a time: these faults are about time (latency, a rate limit's window, a calling name's completion),
    // and runs side by side in this one process delay each other's timers past what they judge.
    for (const faulty of faultyTargets) await expectCaught(t, faulty);
  },
);
