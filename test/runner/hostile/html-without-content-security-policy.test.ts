// Regression: the HTML report had no Content-Security-Policy. It has one that allows only its own inline style
// (pinned by hash) and nothing from elsewhere, so that nothing a target's text could add would load or run.
import t from "tap";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { answering, runTest, startHostile } from "./target.js";

const injected =
  '</pre><script>document.title="owned"</script><img src="http://198.51.100.7/x.png"><style>body{display:none}</style><meta http-equiv="refresh" content="0;url=http://198.51.100.7/"><a href="javascript:alert(1)" style="color:red">x</a>';

t.test(
  "HTML without Content-Security-Policy: the report pins its own style and script by hash and allows nothing else",
  async (t) => {
    const body = JSON.stringify({ Code: injected, Message: injected, [injected]: injected });
    const target = await startHostile(
      answering(400, { "content-type": "application/json", "x-amzn-errortype": "BadRequestException" }, body),
    );
    t.teardown(() => target.close());
    const file = join(t.testdir(), "report.html");
    const r = await runTest(["--target", target.url, "--reporter", `html:${file}`]);
    t.equal(r.code, 1, r.err);
    const html = readFileSync(file, "utf8");
    const head = /<head>([\s\S]*?)<\/head>/.exec(html)?.[1] ?? "";
    const meta = /^<meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(head);
    t.ok(meta, "the policy is the first thing after the charset");
    const policy = new Map(
      (meta?.[1] ?? "").split(/;\s*/).map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name!, values] as const;
      }),
    );
    t.same(policy.get("default-src"), ["'none'"], "nothing loads by default");
    t.same(policy.get("base-uri"), ["'none'"]);
    t.same(policy.get("form-action"), ["'none'"]);
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
    t.equal(scripts.length, 1, "one script element, the page's own filters");
    t.same(
      policy.get("script-src"),
      [`'sha256-${createHash("sha256").update(scripts[0]!).digest("base64")}'`],
      "pinned by hash",
    );
    const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
    t.equal(styles.length, 1, "one style element, the page's own");
    t.same(
      policy.get("style-src"),
      [`'sha256-${createHash("sha256").update(styles[0]!).digest("base64")}'`],
      "pinned by hash",
    );
    t.equal(html.split("<script").length - 1, 1, "no script of the target's");
    t.notMatch(
      html,
      /<img|<a href="javascript|<meta http-equiv="refresh"|\sstyle="/i,
      "nothing of the target's became markup",
    );
    t.match(html, /&lt;script&gt;document\.title=/, "the target's text is shown, escaped");
  },
);
