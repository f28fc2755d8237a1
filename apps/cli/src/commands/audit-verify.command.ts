import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { join } from 'node:path';
import { AuditIntegrityRepository, ensureDatabase, ormConfig, startEmbeddedPostgres, withDatabase as databaseUrlOf } from '@clusterflow/persistence';
import { AGENCY_SLUG } from '../../../api/src/auth/principal';
import { ChainVerifier, describeBroken } from '../../../api/src/audit/integrity/chain-verifier';
import { replayAll } from '../../../api/src/audit/integrity/audit-verification.service';
import { ClustersService } from '../../../api/src/clusters/clusters.service';
import { loadConfig } from '../../../api/src/config/config';
import { UsageError, type Command } from '../command';
import { parse } from './args';

const plural = (n: number, one: string) => `${n} ${n === 1 ? one : `${one}s`}`;
const agencies = (n: number) => (n === 1 ? '1 agency' : `${n} agencies`);

/**
 * `audit verify`: every hash chain of one agency, or of all; one line per broken cluster
 * (naming its first broken event) on stdout, a summary on stderr; exit 1 when one is broken.
 */
export const auditVerifyCommand: Command = {
  words: ['audit', 'verify'],
  usage: 'audit verify [--agency <slug>]',
  summary: 'check every hash chain (of one agency, or of all); exit 1 on a broken one',
  async run(args) {
    const agency = agencyArg(args);
    return withOrm(async (em) => {
      const verifier = new ChainVerifier(em);
      const list = agency ? [agency] : await verifier.agencies();
      let clusters = 0;
      let events = 0;
      let broken = 0;
      for (const a of list) {
        const summary = await verifier.verifyAgency(a, {
          onCluster: (r) => {
            if (!r.verification.valid) process.stdout.write(`${a}: ${describeBroken(r)}\n`);
          },
        });
        clusters += summary.clustersChecked;
        events += summary.eventsChecked;
        broken += summary.broken.length;
      }
      const scope = agency ? `agency ${agency}` : agencies(list.length);
      process.stderr.write(
        broken
          ? `${plural(broken, 'broken cluster')} of ${clusters} in ${scope}\n`
          : `${scope}: ${plural(clusters, 'cluster')} and ${plural(events, 'event')} verified, every hash chain intact\n`,
      );
      return broken ? 1 : 0;
    });
  },
};

/** `audit replay`: each cluster's log replayed and compared with its stored snapshot; exit 1 when one differs. */
export const auditReplayCommand: Command = {
  words: ['audit', 'replay'],
  usage: 'audit replay [--agency <slug>]',
  summary: 'replay every cluster\'s events and compare with its stored snapshot; exit 1 when one differs',
  async run(args) {
    const agency = agencyArg(args);
    return withOrm(async (em) => {
      const repo = new AuditIntegrityRepository(em.fork());
      const service = new ClustersService(em);
      const list = agency ? [agency] : await repo.agencies();
      let clusters = 0;
      let events = 0;
      let differing = 0;
      for (const a of list) {
        const ids = (await repo.clusterHeads(a)).map((r) => r.clusterId);
        const summary = await replayAll(service, a, ids);
        for (const d of summary.differences) process.stdout.write(`${a}: cluster ${d.clusterId}: ${d.difference}\n`);
        clusters += summary.clustersChecked;
        events += summary.eventsChecked;
        differing += summary.differences.length;
      }
      const scope = agency ? `agency ${agency}` : agencies(list.length);
      process.stderr.write(
        differing
          ? `${plural(differing, 'cluster')} of ${clusters} in ${scope} differ from their replay\n`
          : `${scope}: ${plural(clusters, 'cluster')} and ${plural(events, 'event')} replayed, every snapshot equal\n`,
      );
      return differing ? 1 : 0;
    });
  },
};

function agencyArg(args: string[]): string | null {
  const { values } = parse(args, { agency: { type: 'string' } });
  if (values.agency === undefined) return null;
  if (!AGENCY_SLUG.test(values.agency)) throw new UsageError('--agency must be an agency slug (lowercase letters, digits and dashes)');
  return values.agency;
}

/**
 * The server's database: DATABASE_URL, else the embedded one in DATA_DIR (the running
 * server's, when it is up; else started for the command and stopped after it).
 */
async function withOrm<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
  const config = loadConfig();
  let url = config.databaseUrl;
  let stop = async (): Promise<void> => undefined;
  if (!url) {
    const running = `postgres://postgres:postgres@127.0.0.1:${config.embeddedPgPort}/postgres`;
    // Started only when nothing listens there: never touch a server that is up.
    if (!(await refused(running))) {
      url = databaseUrlOf(running, 'clusterflow');
    } else {
      const pg = await startEmbeddedPostgres({ dataDir: join(config.dataDir, 'pg'), port: config.embeddedPgPort });
      stop = () => pg.stop();
      url = await ensureDatabase(pg.url, 'clusterflow').catch(async (e) => {
        await stop();
        throw e;
      });
    }
  }
  try {
    const orm = await MikroORM.init(ormConfig(url, { logger: () => undefined }));
    try {
      return await work(orm.em);
    } finally {
      await orm.close(true);
    }
  } finally {
    await stop();
  }
}

/** True when nothing accepts connections at the URL's address. */
async function refused(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ECONNREFUSED';
  } finally {
    await client.end().catch(() => undefined);
  }
}
