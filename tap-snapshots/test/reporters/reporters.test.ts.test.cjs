/* IMPORTANT
 * This snapshot file is auto-generated, but designed for humans.
 * It should be checked into source control and tracked carefully.
 * Re-generate by setting TAP_SNAPSHOT=1 and running tests.
 * Make sure to inspect the output below.  Do not ignore changes!
 */
'use strict'
exports[`test/reporters/reporters.test.ts > TAP > html reporter output matches its snapshot > must match snapshot 1`] = `
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'sha256-8iXGrFzZzBJ1Y5KGoWvwFbWIAzkJo0UaQvyOHwMqvnQ='; script-src 'sha256-QplbUYC0LHh1z1tMPKNZiuzaMEPhiOepSheuBlLzma8='; base-uri 'none'; form-action 'none'"><title>chime-voice-contract conformance report</title><style>body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#1b1f24}h1{font-size:1.4em}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccd;padding:.25em .6em;text-align:left;vertical-align:top}
.pass{color:#17692d}.fail{color:#b42318}.gap{background:#fff4e5}pre{background:#f6f8fa;padding:.6em;overflow:auto;white-space:pre-wrap;word-break:break-all}
details{border-top:1px solid #ccd;margin-top:1em;padding-top:.5em}summary{cursor:pointer;font-weight:600}code{background:#f6f8fa}
.about{color:#57606a}.filters label{margin-right:1em}.hidden{display:none}</style></head>
<body>
<h1>Conformance of http://127.0.0.1:4010: <span class="fail">FAIL</span></h1>
<p>1 passed, 1 failed of 2 cases in 21 ms; started 2026-01-05T10:00:00.000Z</p>

<h2>Summary</h2>
<ul><li class="fail">1× <b>expected_status</b> [V5] in 1 case: the case expects status 400, the target answered 200 (e.g. <a href="#case-V5-name-pattern">V5-name-pattern</a>)</li>
<li class="fail">1× <b>timestamps</b> [W2] in 1 case: /PhoneNumber/UpdatedTimestamp is &quot;2026-01-05 10:00:00Z&quot;, not an RFC 3339 date-time (e.g. <a href="#case-V5-name-pattern">V5-name-pattern</a>)</li></ul>
<h2>Cases</h2>
<p id="filters" class="filters"></p>
<details id="case-V5-name-pattern" data-outcome="failed" data-rules="V5 W2" open><summary><span class="fail">failed</span> V5-name-pattern: A Name &lt;outside&gt; the pattern &amp; more [V5]</summary>
<p>conformance/validation.yaml:99; rules V5; 2 requests in 9 ms</p>
<div class="finding"><p><b>expected_status</b> [<abbr title="Name is a string of at most 256 characters matching the service&#39;s pattern as Java evaluates it: whole-string, with \\s only ASCII white space.">V5</abbr>]: the case expects status 400, the target answered 200</p>
<p><b>timestamps</b> [<abbr title="Success is a 200 in application/json with a unique x-amzn-RequestId and the PhoneNumber addressed: absent members omitted, never null; timestamps RFC 3339 with T and a zone.">W2</abbr>]: /PhoneNumber/UpdatedTimestamp is &quot;2026-01-05 10:00:00Z&quot;, not an RFC 3339 date-time</p><p>ajv errors:</p><pre>[
  {
    &quot;instancePath&quot;: &quot;/PhoneNumber/UpdatedTimestamp&quot;,
    &quot;schemaPath&quot;: &quot;#/format&quot;,
    &quot;keyword&quot;: &quot;format&quot;,
    &quot;params&quot;: {
      &quot;format&quot;: &quot;date-time&quot;
    },
    &quot;message&quot;: &quot;must match format&quot;
  }
]</pre>
<p>Reproduce:</p><pre>curl -sS -i --globoff --path-as-is -X POST -H &#39;content-type: application/json&#39; --data-binary &#39;{&quot;Name&quot;:&quot;It&#39;\\&#39;&#39;s &lt;b&gt;bold&lt;/b&gt;&quot;}&#39; &#39;http://127.0.0.1:4010/phone-numbers/%2B12065550101&#39;</pre>
<p>Request:</p><pre>POST http://127.0.0.1:4010/phone-numbers/%2B12065550101
content-type: application/json

{&quot;Name&quot;:&quot;It&#39;s &lt;b&gt;bold&lt;/b&gt;&quot;}</pre>
<p>Response:</p><pre>200
content-type: application/json
x-amzn-requestid: r-1

{&quot;PhoneNumber&quot;:{&quot;Name&quot;:&quot;It&#39;s &lt;b&gt;bold&lt;/b&gt;&quot;,&quot;UpdatedTimestamp&quot;:&quot;2026-01-05 10:00:00Z&quot;}}</pre></div></details>
<details id="case-W1-label-literal-plus" data-outcome="passed" data-rules="W1"><summary><span class="pass">passed</span> W1-label-literal-plus: A label with a literal + addresses the number [W1]</summary>
<p>conformance/wire.yaml:20; rules W1; 1 request in 4 ms</p>
</details>
<h2>Rule coverage</h2>
<table><tr><th>rule</th><th>what it says</th><th>cases</th></tr>
<tr><td>W1</td><td>The path label is percent-decoded once, and again if it then starts with %2B; an empty label, or one of ASCII white space only, is a 400.</td><td><a class="pass" href="#case-W1-label-literal-plus">W1-label-literal-plus</a></td></tr>
<tr><td>V5</td><td>Name is a string of at most 256 characters matching the service&#39;s pattern as Java evaluates it: whole-string, with \\s only ASCII white space.</td><td><a class="fail" href="#case-V5-name-pattern">V5-name-pattern</a></td></tr>
<tr class="gap"><td>S8</td><td>Updates to one number are applied one after another, none lost; with simulated processing time, an identical update arriving while the first is in flight is a 409.</td><td>no case</td></tr>
</table>
<h2>Statuses</h2>
<table><tr><th>operation</th><th>seen</th><th>documented, never provoked</th></tr>
<tr><td>GetPhoneNumber</td><td>200, 418</td><td class="gap">404</td></tr>
<tr><td>UpdatePhoneNumber</td><td>none</td><td class="gap">200, 400</td></tr>
</table>
<script>(function(){var d=document,f=d.getElementById("filters");if(!f)return;
var items=[].slice.call(d.querySelectorAll("[data-outcome]")),rules={};
items.forEach(function(e){e.getAttribute("data-rules").split(" ").forEach(function(r){if(r)rules[r]=1})});
function select(name,values){var l=d.createElement("label"),s=d.createElement("select");l.textContent=name+" ";s.id="filter-"+name;
["all"].concat(values).forEach(function(v){var o=d.createElement("option");o.value=v;o.textContent=v;s.appendChild(o)});
s.addEventListener("change",apply);l.appendChild(s);f.appendChild(l);return s}
var o=select("outcome",["failed","passed"]),r=select("rule",Object.keys(rules).sort());
function apply(){items.forEach(function(e){var ok=(o.value==="all"||e.getAttribute("data-outcome")===o.value)&&
(r.value==="all"||(" "+e.getAttribute("data-rules")+" ").indexOf(" "+r.value+" ")>=0);e.classList.toggle("hidden",!ok)})}})();</script>
</body></html>

`

exports[`test/reporters/reporters.test.ts > TAP > human reporter output matches its snapshot > must match snapshot 1`] = `
chime-voice-contract test: 2 cases against http://127.0.0.1:4010

Summary: 2 findings in 2 groups of the same check, rule and fault
  1× expected_status [V5] in 1 case
      the case expects status 400, the target answered 200
      e.g. V5-name-pattern: POST /phone-numbers/%2B12065550101 -> 200 {"PhoneNu…
  1× timestamps [W2] in 1 case
      /PhoneNumber/UpdatedTimestamp is "2026-01-05 10:00:00Z", not an RFC 3339 …
      e.g. V5-name-pattern: POST /phone-numbers/%2B12065550101 -> 200 {"PhoneNu…

Failures (1):

  V5-name-pattern: A Name <outside> the pattern & more
  (conformance/validation.yaml:99; rules V5)
    ✗ expected_status [V5]: the case expects status 400, the target answered 200
    ✗ timestamps [W2]: /PhoneNumber/UpdatedTimestamp is "2026-01-05 10:00:00Z", not an RFC 3339 date-time
      request:  curl -sS -i --globoff --path-as-is -X POST -H 'content-type: application/json' --data-binary '{"Name":"It'\\''s <b>bold</b>"}' 'http://127.0.0.1:4010/phone-numbers/%2B12065550101'
      response: 200
        content-type: application/json
        x-amzn-requestid: r-1
        {"PhoneNumber":{"Name":"It's <b>bold</b>","UpdatedTimestamp":"2026-01-05 10:00:00Z"}}
      ajv errors (timestamps): [{"instancePath":"/PhoneNumber/UpdatedTimestamp","schemaPath":"#/format","keyword":"format","params":{"format":"date-time"},"message":"must match format"}]

By check: expected_status 1 case (1 finding), timestamps 1 case (1 finding)
By rule:  V5 1 case (1 finding), W2 1 case (1 finding)

GetPhoneNumber: statuses seen 200, 418; documented but never provoked 404
UpdatePhoneNumber: statuses seen none; documented but never provoked 200, 400

FAIL http://127.0.0.1:4010: 1 passed, 1 failed of 2 cases in 21 ms

`

exports[`test/reporters/reporters.test.ts > TAP > json reporter output matches its snapshot > must match snapshot 1`] = `
{
  "version": 2,
  "tool": "chime-voice-contract",
  "command": "test",
  "target": "http://127.0.0.1:4010",
  "embedded": false,
  "startedAt": "2026-01-05T10:00:00.000Z",
  "checks": [
    "response_schema",
    "expected_status"
  ],
  "summary": {
    "total": 2,
    "passed": 1,
    "failed": 1,
    "notRun": 0,
    "durationMs": 21
  },
  "exitCode": 1,
  "interrupted": null,
  "error": null,
  "toolVersion": null,
  "seed": null,
  "replay": null,
  "coverage": [
    {
      "rule": "W1",
      "cases": [
        "W1-label-literal-plus"
      ]
    },
    {
      "rule": "V5",
      "cases": [
        "V5-name-pattern"
      ]
    },
    {
      "rule": "S8",
      "cases": []
    }
  ],
  "statuses": [
    {
      "operation": "GetPhoneNumber",
      "documented": [
        200,
        404
      ],
      "seen": [
        200,
        418
      ],
      "neverProvoked": [
        404
      ]
    },
    {
      "operation": "UpdatePhoneNumber",
      "documented": [
        200,
        400
      ],
      "seen": [],
      "neverProvoked": [
        200,
        400
      ]
    }
  ],
  "cases": [
    {
      "id": "W1-label-literal-plus",
      "title": "A label with a literal + addresses the number",
      "rules": [
        "W1"
      ],
      "tags": [],
      "file": "conformance/wire.yaml",
      "line": 20,
      "numbers": {
        "number": "+12065550100"
      },
      "outcome": "passed",
      "requests": 1,
      "durationMs": 4,
      "findings": []
    },
    {
      "id": "V5-name-pattern",
      "title": "A Name <outside> the pattern & more",
      "rules": [
        "V5"
      ],
      "tags": [
        "decided"
      ],
      "file": "conformance/validation.yaml",
      "line": 99,
      "numbers": {
        "number": "+12065550101"
      },
      "outcome": "failed",
      "requests": 2,
      "durationMs": 9,
      "findings": [
        {
          "check": "expected_status",
          "rule": "V5",
          "message": "the case expects status 400, the target answered 200",
          "curl": "curl -sS -i --globoff --path-as-is -X POST -H 'content-type: application/json' --data-binary '{\\"Name\\":\\"It'\\\\''s <b>bold</b>\\"}' 'http://127.0.0.1:4010/phone-numbers/%2B12065550101'",
          "request": {
            "method": "POST",
            "url": "http://127.0.0.1:4010/phone-numbers/%2B12065550101",
            "headers": {
              "content-type": "application/json"
            },
            "body": "{\\"Name\\":\\"It's <b>bold</b>\\"}"
          },
          "response": {
            "status": 200,
            "headers": {
              "content-type": "application/json",
              "x-amzn-requestid": "r-1"
            },
            "body": "{\\"PhoneNumber\\":{\\"Name\\":\\"It's <b>bold</b>\\",\\"UpdatedTimestamp\\":\\"2026-01-05 10:00:00Z\\"}}",
            "truncated": false
          }
        },
        {
          "check": "timestamps",
          "rule": "W2",
          "message": "/PhoneNumber/UpdatedTimestamp is \\"2026-01-05 10:00:00Z\\", not an RFC 3339 date-time",
          "curl": "curl -sS -i --globoff --path-as-is -X POST -H 'content-type: application/json' --data-binary '{\\"Name\\":\\"It'\\\\''s <b>bold</b>\\"}' 'http://127.0.0.1:4010/phone-numbers/%2B12065550101'",
          "request": {
            "method": "POST",
            "url": "http://127.0.0.1:4010/phone-numbers/%2B12065550101",
            "headers": {
              "content-type": "application/json"
            },
            "body": "{\\"Name\\":\\"It's <b>bold</b>\\"}"
          },
          "response": {
            "status": 200,
            "headers": {
              "content-type": "application/json",
              "x-amzn-requestid": "r-1"
            },
            "body": "{\\"PhoneNumber\\":{\\"Name\\":\\"It's <b>bold</b>\\",\\"UpdatedTimestamp\\":\\"2026-01-05 10:00:00Z\\"}}",
            "truncated": false
          },
          "errors": [
            {
              "instancePath": "/PhoneNumber/UpdatedTimestamp",
              "schemaPath": "#/format",
              "keyword": "format",
              "params": {
                "format": "date-time"
              },
              "message": "must match format"
            }
          ]
        }
      ]
    }
  ]
}

`

exports[`test/reporters/reporters.test.ts > TAP > junit reporter output matches its snapshot > must match snapshot 1`] = `
<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="chime-voice-contract" tests="2" failures="1" errors="0" time="0.021">
  <testsuite name="wire" tests="1" failures="0" errors="0" skipped="0" time="0.004" timestamp="2026-01-05T10:00:00">
    <properties><property name="command" value="test"/><property name="target" value="http://127.0.0.1:4010"/></properties>
    <testcase classname="conformance.wire" name="W1-label-literal-plus: A label with a literal + addresses the number" file="conformance/wire.yaml" line="20" time="0.004"/>
  </testsuite>
  <testsuite name="validation" tests="1" failures="1" errors="0" skipped="0" time="0.009" timestamp="2026-01-05T10:00:00">
    <properties><property name="command" value="test"/><property name="target" value="http://127.0.0.1:4010"/></properties>
    <testcase classname="conformance.validation" name="V5-name-pattern: A Name &lt;outside&gt; the pattern &amp; more" file="conformance/validation.yaml" line="99" time="0.009">
      <failure message="expected_status [V5]: the case expects status 400, the target answered 200 (+1 more)" type="expected_status">✗ expected_status [V5]: the case expects status 400, the target answered 200
✗ timestamps [W2]: /PhoneNumber/UpdatedTimestamp is &quot;2026-01-05 10:00:00Z&quot;, not an RFC 3339 date-time
  request:  curl -sS -i --globoff --path-as-is -X POST -H &#39;content-type: application/json&#39; --data-binary &#39;{&quot;Name&quot;:&quot;It&#39;\\&#39;&#39;s &lt;b&gt;bold&lt;/b&gt;&quot;}&#39; &#39;http://127.0.0.1:4010/phone-numbers/%2B12065550101&#39;
  response: 200
    content-type: application/json
    x-amzn-requestid: r-1
    {&quot;PhoneNumber&quot;:{&quot;Name&quot;:&quot;It&#39;s &lt;b&gt;bold&lt;/b&gt;&quot;,&quot;UpdatedTimestamp&quot;:&quot;2026-01-05 10:00:00Z&quot;}}
  ajv errors (timestamps): [{&quot;instancePath&quot;:&quot;/PhoneNumber/UpdatedTimestamp&quot;,&quot;schemaPath&quot;:&quot;#/format&quot;,&quot;keyword&quot;:&quot;format&quot;,&quot;params&quot;:{&quot;format&quot;:&quot;date-time&quot;},&quot;message&quot;:&quot;must match format&quot;}]</failure>
    </testcase>
  </testsuite>
</testsuites>

`

exports[`test/reporters/reporters.test.ts > TAP > tap reporter output matches its snapshot > must match snapshot 1`] = `
TAP version 14
# chime-voice-contract test against http://127.0.0.1:4010
1..2
ok 1 - W1-label-literal-plus - A label with a literal + addresses the number [W1]
not ok 2 - V5-name-pattern - A Name <outside> the pattern & more [V5]
  ---
  file: conformance/validation.yaml
  line: 99
  findings:
    - check: expected_status
      rule: V5
      message: the case expects status 400, the target answered 200
      curl: "curl -sS -i --globoff --path-as-is -X POST -H 'content-type: application/json' --data-binary '{\\"Name\\":\\"It'\\\\''s <b>bold</b>\\"}' 'http://127.0.0.1:4010/phone-numbers/%2B12065550101'"
      request:
        method: POST
        url: http://127.0.0.1:4010/phone-numbers/%2B12065550101
        headers: &a1
          content-type: application/json
        body: "{\\"Name\\":\\"It's <b>bold</b>\\"}"
      response:
        status: 200
        headers: &a2
          content-type: application/json
          x-amzn-requestid: r-1
        body: "{\\"PhoneNumber\\":{\\"Name\\":\\"It's <b>bold</b>\\",\\"UpdatedTimestamp\\":\\"2026-01-05 10:00:00Z\\"}}"
        truncated: false
    - check: timestamps
      rule: W2
      message: /PhoneNumber/UpdatedTimestamp is "2026-01-05 10:00:00Z", not an RFC 3339 date-time
      curl: "curl -sS -i --globoff --path-as-is -X POST -H 'content-type: application/json' --data-binary '{\\"Name\\":\\"It'\\\\''s <b>bold</b>\\"}' 'http://127.0.0.1:4010/phone-numbers/%2B12065550101'"
      request:
        method: POST
        url: http://127.0.0.1:4010/phone-numbers/%2B12065550101
        headers: *a1
        body: "{\\"Name\\":\\"It's <b>bold</b>\\"}"
      response:
        status: 200
        headers: *a2
        body: "{\\"PhoneNumber\\":{\\"Name\\":\\"It's <b>bold</b>\\",\\"UpdatedTimestamp\\":\\"2026-01-05 10:00:00Z\\"}}"
        truncated: false
      errors:
        - instancePath: /PhoneNumber/UpdatedTimestamp
          schemaPath: "#/format"
          keyword: format
          params:
            format: date-time
          message: must match format
  ...
# 1 passed, 1 failed

`
