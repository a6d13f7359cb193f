/* IMPORTANT
 * This snapshot file is auto-generated, but designed for humans.
 * It should be checked into source control and tracked carefully.
 * Re-generate by setting TAP_SNAPSHOT=1 and running tests.
 * Make sure to inspect the output below.  Do not ignore changes!
 */
'use strict'
exports[`test/reporters/reporters.test.ts > TAP > html reporter output matches its snapshot > must match snapshot 1`] = `
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'sha256-o/wSpshviY/h8Z6yWHh0izlV1SnhmOC8tyszYSFuyyw='; base-uri 'none'; form-action 'none'"><title>chime-voice-contract conformance report</title><style>body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#1b1f24}h1{font-size:1.4em}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccd;padding:.25em .6em;text-align:left;vertical-align:top}
.pass{color:#17692d}.fail{color:#b42318}.gap{background:#fff4e5}pre{background:#f6f8fa;padding:.6em;overflow:auto;white-space:pre-wrap;word-break:break-all}
section{border-top:1px solid #ccd;margin-top:1.5em}code{background:#f6f8fa}</style></head>
<body>
<h1>Conformance of http://127.0.0.1:4010: <span class="fail">FAIL</span></h1>
<p>1 passed, 1 failed of 2 cases in 21 ms; started 2026-01-05T10:00:00.000Z</p>
<h2>Rule coverage</h2>
<table><tr><th>rule</th><th>cases</th></tr>
<tr><td>W1</td><td><span class="pass">W1-label-literal-plus</span></td></tr>
<tr><td>V5</td><td><span class="fail">V5-name-pattern</span></td></tr>
<tr class="gap"><td>S8</td><td>no case</td></tr>
</table>
<h2>Failures</h2>
<section><h3 class="fail">V5-name-pattern: A Name &lt;outside&gt; the pattern &amp; more</h3><p>conformance/validation.yaml:99; rules V5</p>
<div class="finding"><p><b>expected_status</b> [V5]: the case expects status 400, the target answered 200</p>
<p>Reproduce:</p><pre>curl -sS -i --globoff --path-as-is -X POST -H &#39;content-type: application/json&#39; --data-binary &#39;{&quot;Name&quot;:&quot;It&#39;\\&#39;&#39;s &lt;b&gt;bold&lt;/b&gt;&quot;}&#39; &#39;http://127.0.0.1:4010/phone-numbers/%2B12065550101&#39;</pre>
<p>Request:</p><pre>POST http://127.0.0.1:4010/phone-numbers/%2B12065550101
content-type: application/json

{&quot;Name&quot;:&quot;It&#39;s &lt;b&gt;bold&lt;/b&gt;&quot;}</pre>
<p>Response:</p><pre>200
content-type: application/json
x-amzn-requestid: r-1

{&quot;PhoneNumber&quot;:{&quot;Name&quot;:&quot;It&#39;s &lt;b&gt;bold&lt;/b&gt;&quot;,&quot;UpdatedTimestamp&quot;:&quot;2026-01-05 10:00:00Z&quot;}}</pre></div>
<div class="finding"><p><b>timestamps</b> [W2]: /PhoneNumber/UpdatedTimestamp is &quot;2026-01-05 10:00:00Z&quot;, not an RFC 3339 date-time</p>
<p>Reproduce:</p><pre>curl -sS -i --globoff --path-as-is -X POST -H &#39;content-type: application/json&#39; --data-binary &#39;{&quot;Name&quot;:&quot;It&#39;\\&#39;&#39;s &lt;b&gt;bold&lt;/b&gt;&quot;}&#39; &#39;http://127.0.0.1:4010/phone-numbers/%2B12065550101&#39;</pre>
<p>Request:</p><pre>POST http://127.0.0.1:4010/phone-numbers/%2B12065550101
content-type: application/json

{&quot;Name&quot;:&quot;It&#39;s &lt;b&gt;bold&lt;/b&gt;&quot;}</pre>
<p>Response:</p><pre>200
content-type: application/json
x-amzn-requestid: r-1

{&quot;PhoneNumber&quot;:{&quot;Name&quot;:&quot;It&#39;s &lt;b&gt;bold&lt;/b&gt;&quot;,&quot;UpdatedTimestamp&quot;:&quot;2026-01-05 10:00:00Z&quot;}}</pre><p>ajv errors:</p><pre>[
  {
    &quot;instancePath&quot;: &quot;/PhoneNumber/UpdatedTimestamp&quot;,
    &quot;schemaPath&quot;: &quot;#/format&quot;,
    &quot;keyword&quot;: &quot;format&quot;,
    &quot;params&quot;: {
      &quot;format&quot;: &quot;date-time&quot;
    },
    &quot;message&quot;: &quot;must match format&quot;
  }
]</pre></div></section>
<h2>All cases</h2>
<table><tr><th>outcome</th><th>case</th><th>rules</th><th>title</th></tr>
<tr><td class="pass">passed</td><td>W1-label-literal-plus</td><td>W1</td><td>A label with a literal + addresses the number</td></tr>
<tr><td class="fail">failed</td><td>V5-name-pattern</td><td>V5</td><td>A Name &lt;outside&gt; the pattern &amp; more</td></tr>
</table>
</body></html>

`

exports[`test/reporters/reporters.test.ts > TAP > human reporter output matches its snapshot > must match snapshot 1`] = `
chime-voice-contract test: 2 cases against http://127.0.0.1:4010

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

FAIL http://127.0.0.1:4010: 1 passed, 1 failed of 2 cases in 21 ms

`

exports[`test/reporters/reporters.test.ts > TAP > json reporter output matches its snapshot > must match snapshot 1`] = `
{
  "version": 1,
  "tool": "chime-voice-contract",
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
    <properties><property name="target" value="http://127.0.0.1:4010"/></properties>
    <testcase classname="conformance.wire" name="W1-label-literal-plus: A label with a literal + addresses the number" file="conformance/wire.yaml" line="20" time="0.004"/>
  </testsuite>
  <testsuite name="validation" tests="1" failures="1" errors="0" skipped="0" time="0.009" timestamp="2026-01-05T10:00:00">
    <properties><property name="target" value="http://127.0.0.1:4010"/></properties>
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
