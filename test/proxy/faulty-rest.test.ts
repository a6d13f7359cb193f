// The last third of the runner's faulty implementations through the proxy (see faulty.test.ts).
import t from "tap";
import { faultsReportedByBoth } from "./through-proxy.js";

t.test("faulty implementations (last third): the proxy reports the fault the runner reports (both exit 1)", (t) =>
  faultsReportedByBoth(t, 2),
);
