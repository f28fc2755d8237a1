import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedPostgresAccessError, folderClosedToPostgres, startEmbeddedPostgres } from './embedded-postgres';

describe('a data folder out of the postgres user’s reach', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'cf-pg-reach-')))); // mode 700, as `mktemp -d` makes it
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('names the first folder the postgres user cannot enter, and none when every folder above is open', () => {
    mkdirSync(join(dir, 'data'));
    expect(folderClosedToPostgres(join(dir, 'data', 'pg'))).toBe(dir);
    chmodSync(dir, 0o755);
    expect(folderClosedToPostgres(join(dir, 'data', 'pg'))).toBeNull();
  });

  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  (asRoot ? it : it.skip)('refuses to start as root in one line saying what to do, before initdb', async () => {
    const start = startEmbeddedPostgres({ dataDir: join(dir, 'data', 'pg'), port: 1 });
    await expect(start).rejects.toThrow(EmbeddedPostgresAccessError);
    await expect(start).rejects.toThrow(
      `the embedded PostgreSQL runs as the postgres user (PostgreSQL refuses to run as root), and that user cannot enter ${dir}: run as a normal user, choose a DATA_DIR the postgres user can reach, or set DATABASE_URL`,
    );
  });
});
