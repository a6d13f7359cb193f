import { FixtureError } from "../fixtures/fixtures.js";
import type { RunningServer } from "../server/index.js";
import { SetupError } from "../runner/run.js";

/**
 * `test` without `--target`: the reference server on a free loopback port, holding the run's fixtures. Loaded
 * on demand, so that a run against a target never loads the server; a fixtures file it cannot load is the same
 * exit 2 as when the runner reads it.
 */
/** What the embedded server must do for the selected optional groups. */
export interface EmbeddedMode {
  latencyMs?: number;
  rateLimit?: number;
  callingNameDelayMs?: number;
  auth?: { credentials: Array<{ accessKeyId: string; secretAccessKey: string }> };
}

export async function startEmbeddedServer(
  fixturesPath: string | undefined,
  mode: EmbeddedMode = {},
): Promise<RunningServer> {
  const { startServer } = await import("../server/index.js");
  try {
    return await startServer({
      host: "127.0.0.1",
      port: 0,
      ...(fixturesPath !== undefined ? { fixturesPath } : {}),
      ...mode,
    });
  } catch (error) {
    if (error instanceof FixtureError) throw new SetupError("fixtures", error.message);
    throw error;
  }
}
