// The HTML report looked at in a real browser: a run against a faulty target (the reference server behind
// a proxy that drops `x-amzn-ErrorType`, a W3 failure) writes the report, headless Debian Chromium loads it,
// and the DOM it rendered must show the summary, the rule coverage table and the failure's details. A
// screenshot is kept under test-artifacts/browser/ for a person to look at.
// Run with `npm run test:browser` (needs /usr/bin/chromium: `apt-get install -y chromium`); `npm test` does not.
import t from "tap";
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { main } from "../../src/cli.js";
import { packageRoot } from "../../src/contract/index.js";
import { startServer } from "../../src/server/index.js";
import { startProxy } from "../../bench/support/faulty-proxy.js";
import { faultyTargets } from "../runner/faulty/table.js";

const exec = promisify(execFile);
const chromium = process.env.CHROMIUM ?? "/usr/bin/chromium";
const artifacts = join(packageRoot, "test-artifacts", "browser");

/** Headless Chromium with nothing that reaches the network or leaves state behind. */
async function browse(url: string, extra: string[]): Promise<string> {
  const profile = await mkdtemp(join(tmpdir(), "chime-voice-chromium-"));
  try {
    const flags = [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-dev-shm-usage",
      `--user-data-dir=${profile}`,
    ];
    const { stdout } = await exec(chromium, [...flags, ...extra, url], { timeout: 60_000, maxBuffer: 64 << 20 });
    return stdout;
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
}

const text = (html: string) =>
  html
    .replace(/<[^>]*>/g, "")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

t.test(
  "the HTML report of a failing run renders in Chromium: summary, rule coverage, a W3 failure's details",
  async (t) => {
    t.ok(existsSync(chromium), `${chromium} is installed (apt-get install -y chromium)`);
    const server = await startServer({ logLevel: "silent" });
    const fault = faultyTargets.find((f) => f.name === "no x-amzn-ErrorType on errors")!;
    const proxy = await startProxy(server.url, fault);
    t.teardown(async () => {
      await proxy.close();
      await server.close();
    });
    await mkdir(artifacts, { recursive: true });
    const report = join(artifacts, "report.html");
    const quiet = new Writable({ write: (_c, _e, done) => done() });
    const code = await main(["test", "--target", proxy.url, "--reporter", `html:${report}`, "--reporter", "tap"], {
      stdout: quiet,
      stderr: quiet,
    });
    t.equal(code, 1, "the faulty target fails the run");

    const dom = await browse(pathToFileURL(report).href, ["--dump-dom"]);
    const summary = /<h1>([\s\S]*?)<\/h1>\s*<p>([\s\S]*?)<\/p>/.exec(dom);
    t.ok(summary, "a heading and a summary line");
    t.match(
      text(summary![1]!),
      new RegExp(`Conformance of ${proxy.url.replace(/[.]/g, "\\.")}: FAIL`),
      "the heading names the target and the verdict",
    );
    t.match(
      text(summary![2]!),
      /^\d+ passed, [1-9]\d* failed of \d+ cases in /,
      "the summary counts passed and failed cases",
    );

    const coverage = /<h2>Rule coverage<\/h2>\s*<table>([\s\S]*?)<\/table>/.exec(dom);
    t.ok(coverage, "a rule coverage table");
    const rows = [...coverage![1]!.matchAll(/<tr[^>]*><td>([A-Z]\d)<\/td><td>([\s\S]*?)<\/td><\/tr>/g)].map(
      (m) => [m[1]!, m[2]!] as const,
    );
    const rules = rows.map(([rule]) => rule);
    for (const rule of ["W1", "W2", "W3", "W4", "W5", "V1", "V8", "S1", "S7"])
      t.ok(rules.includes(rule), `coverage has a row for ${rule}`);
    t.ok(rows.find(([rule]) => rule === "W3")?.[1].includes('class="fail"'), "the W3 row marks a failed case");

    const failures = /<h2>Cases<\/h2>([\s\S]*?)<details id="[^"]+" data-outcome="passed"/.exec(dom)?.[1] ?? "";
    const finding = text(failures);
    t.match(
      finding,
      /error_envelope \[W3\]: [^\n]*x-amzn-ErrorType/i,
      "a finding names its check, rule and what is wrong",
    );
    t.match(
      finding,
      /curl -sS -i [^\n]*http:\/\/127\.0\.0\.1:\d+\/phone-numbers\//,
      "a curl command reproduces the request",
    );
    t.match(finding, /Response:\s*4\d\d\n/, "the response is shown with its status");
    t.match(
      failures,
      /<details id="case-[^"]+" data-outcome="failed" data-rules="[^"]*W3[^"]*" open="?"?>/,
      "failures come first, open",
    );
    t.ok(
      dom.indexOf('data-outcome="failed"') < dom.indexOf("<h2>Rule coverage</h2>"),
      "the report opens on the failures: rule coverage comes after the cases",
    );
    t.match(
      dom,
      /<select id="filter-outcome">[\s\S]*<option value="failed">/,
      "the report's own script ran under its policy: filters by outcome",
    );
    t.match(dom, /<select id="filter-rule">[\s\S]*<option value="W3">/, "and by rule");
    t.match(coverage![1]!, /<a class="fail" href="#case-[^"]+">/, "the coverage table links to the cases");
    t.match(
      coverage![1]!,
      /<td>W3<\/td><td>[^<]*x-amzn-ErrorType[^<]*<\/td>/,
      "each rule is explained by its line from the catalogue",
    );
    t.match(
      dom,
      /chime-voice-contract \d+\.\d+\.\d+[^<]*; run it again: <code>npx chime-voice-contract test --target /,
      "version and replay command",
    );

    const screenshot = join(artifacts, "html-report.png");
    await rm(screenshot, { force: true });
    await browse(pathToFileURL(report).href, [
      `--screenshot=${screenshot}`,
      "--window-size=1280,2000",
      "--hide-scrollbars",
    ]);
    const png = await readFile(screenshot);
    t.equal(png.subarray(1, 4).toString("latin1"), "PNG", "a PNG screenshot is kept");
    t.same([png.readUInt32BE(16), png.readUInt32BE(20)], [1280, 2000], "at the window size asked for");
    t.ok(png.length > 50_000, `the screenshot has content (${png.length} bytes), not a blank page`);
  },
);
