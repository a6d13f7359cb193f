// The conformance suite from code rather than the command line: start the reference server (or point at your
// own implementation), run the suite, and read its events. What the `test` command does, without its reporters.
//
//   npx tsx examples/conformance-from-code.ts                          # against a reference server it starts
//   npx tsx examples/conformance-from-code.ts http://127.0.0.1:8080    # against your implementation
//
// In your own project the import is the same: `import { runConformance } from "chime-voice-contract"`.
import { pathToFileURL } from "node:url";
import { runConformance, SetupError, startServer } from "chime-voice-contract";

export interface ConformanceResult {
  exitCode: number;
  passed: number;
  failed: number;
  /** `case id: check [rule] message`, one a finding. */
  findings: string[];
}

export async function conformanceExample(target?: string): Promise<ConformanceResult> {
  // runConformance starts nothing: without a target of yours, start the reference server and test that.
  const server = target === undefined ? await startServer({ logLevel: "silent" }) : undefined;
  const findings: string[] = [];
  try {
    for await (const event of runConformance({ target: target ?? server!.url, embedded: server !== undefined })) {
      if (event.type === "case-end") {
        for (const f of event.findings) findings.push(`${event.case.id}: ${f.check} [${f.rule}] ${f.message}`);
      }
      if (event.type === "run-failed")
        return { exitCode: event.exitCode, passed: 0, failed: 0, findings: [event.message] };
      if (event.type === "run-end") {
        return { exitCode: event.exitCode, passed: event.summary.passed, failed: event.summary.failed, findings };
      }
    }
    throw new Error("the run ended without a run-end event");
  } catch (error) {
    // Options, case or fixture files the run cannot use, or a target that cannot be reached: exit 2.
    if (error instanceof SetupError) return { exitCode: 2, passed: 0, failed: 0, findings: [error.message] };
    throw error;
  } finally {
    await server?.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const result = await conformanceExample(process.argv[2]);
  for (const line of result.findings) console.log(line);
  console.log(`${result.passed} passed, ${result.failed} failed`);
  process.exitCode = result.exitCode;
}
