// The Node.js lines the project promises are the ones CI tests: .ci/node-versions (what .ci/run runs the
// whole test command on), package.json `engines` (what npm warns about) and the README's set-up section
// (what a newcomer reads) name the same major lines, and every exact version CI installs satisfies engines.
import t from "tap";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import semver from "semver";
import { packageRoot } from "../../src/contract/index.js";

const read = (file: string) => readFileSync(join(packageRoot, file), "utf8");
const lines = read(".ci/node-versions")
  .split("\n")
  .filter((l) => l.trim() !== "" && !l.startsWith("#"))
  .map((l) => {
    const [major, version] = l.trim().split(/\s+/);
    return { major: Number(major), version: version! };
  });
const engines = (JSON.parse(read("package.json")) as { engines: { node: string } }).engines.node;
const majors = lines.map((l) => l.major);

t.test(".ci/node-versions lists maintained lines, each once, with an exact version or the system Node", async (t) => {
  // The machines' own Node and the active LTS line: the whole test command on each, within CI's 45 minutes.
  t.ok(lines.length >= 2, `${lines.length} lines`);
  t.same(
    [...new Set(majors)].sort((a, b) => a - b),
    majors,
    "ascending, no repeats",
  );
  for (const { major, version } of lines) {
    if (version === "system") continue;
    t.ok(semver.valid(version), `${version} is an exact version`);
    t.equal(semver.major(version), major, `${version} is on line ${major}`);
  }
});

t.test("engines accepts exactly the tested major lines", async (t) => {
  t.ok(semver.validRange(engines), `engines.node '${engines}' is a valid range`);
  for (let major = 16; major <= 30; major++) {
    const tested = majors.includes(major);
    t.equal(semver.intersects(engines, `^${major}.0.0`), tested, `line ${major} ${tested ? "accepted" : "refused"}`);
  }
  for (const { version } of lines) {
    if (version !== "system") t.ok(semver.satisfies(version, engines), `${version} satisfies ${engines}`);
  }
});

t.test("the README's set-up section names the same lines", async (t) => {
  const heading = read("README.md")
    .split("\n")
    .find((l) => l.startsWith("## Set up"));
  t.ok(heading, "the README has a set-up section");
  const named = [...(heading ?? "").matchAll(/\b(\d{2})\b/g)].map((m) => Number(m[1]));
  t.same(named, majors, `'${heading}' names ${majors.join(", ")}`);
});
