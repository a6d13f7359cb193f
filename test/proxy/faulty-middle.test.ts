// The middle third of the runner's faulty implementations through the proxy (see faulty.test.ts).
import t from "tap";
import { faultsReportedByBoth } from "./through-proxy.js";

// Suite runs through the proxy, some against targets that stall until a timeout: more than tap's 120 s on a
// busy machine.
t.setTimeout(300_000);

t.test("faulty implementations (middle third): the proxy reports the fault the runner reports (both exit 1)", (t) =>
  faultsReportedByBoth(t, 1),
);
