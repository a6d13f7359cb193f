import t from "tap";
import { parseDuration } from "../src/duration.js";

const table: Array<[string, number | undefined]> = [
  ["250ms", 250],
  ["5s", 5000],
  ["1m", 60_000],
  ["72h", 259_200_000],
  ["1500", 1500],
  ["0.5s", 500],
  ["", undefined],
  ["5 s", undefined],
  ["-1s", undefined],
  ["1d", undefined],
  ["s", undefined],
  ["1e3", undefined],
];
for (const [given, want] of table) t.equal(parseDuration(given), want, JSON.stringify(given));
