import { AuditIntegrityRepository } from '@clusterflow/persistence';
import { AGENCY_SLUG } from '@clusterflow/application/auth/principal';
import { ChainVerifier, describeBroken } from '@clusterflow/application/audit/chain-verifier';
import { ReplayVerifier } from '@clusterflow/application/audit/replay-verifier';
import { loadConfig } from '@clusterflow/application/config/config';
import { describeProblem } from '@clusterflow/application/audit/audit-verification.service';
import { orphanChecks, verifyRecords } from '@clusterflow/application/audit/records-verifier';
import { FileVerifier } from '@clusterflow/application/audit/file-verifier';
import { UsageError, type Command } from '../command';
import { requireAgency, withApplication } from '../database';
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
  summary: 'check every hash chain, projection and signed head (of one agency, or of all); exit 1 on a broken one',
  async run(args) {
    const agency = agencyArg(args);
    return withApplication(loadConfig(), async (app) => {
      if (agency) await requireAgency(app, agency);
      const verifier = app.get(ChainVerifier);
      const replays = app.get(ReplayVerifier);
      const integrity = app.get(AuditIntegrityRepository);
      const list = agency ? [agency] : await verifier.agencies();
      let clusters = 0;
      let events = 0;
      let broken = 0;
      let records = 0;
      for (const a of list) {
        const brokenIds = new Set<string>();
        const summary = await verifier.verifyAgency(a, {
          onCluster: (r) => {
            if (r.verification.valid) return;
            brokenIds.add(r.clusterId);
            process.stdout.write(`${a}: ${describeBroken(r)}\n`);
          },
        });
        clusters += summary.clustersChecked;
        events += summary.eventsChecked;
        broken += summary.broken.length;
        // Projections against the replay, and the record of heads (docs/decisions.md).
        const problems = await verifyRecords(integrity, replays, a, null, (p) => process.stdout.write(`${a}: ${describeProblem(p)}\n`), brokenIds);
        records += problems.length;
        // The documents' stored bytes against the hashes their events record.
        if (!brokenIds.size) {
          const files = await app.get(FileVerifier).verify(a, null, (p) => process.stdout.write(`${a}: ${describeProblem(p)}\n`));
          records += files.length;
        }
      }
      const scope = agency ? `agency ${agency}` : agencies(list.length);
      const recordsNote = records ? `${broken ? '; ' : ''}${plural(records, 'projection or head')} not as the log and the signatures say` : '';
      process.stderr.write(
        broken || records
          ? `${broken ? `${plural(broken, 'broken cluster')} of ${clusters}` : ''}${recordsNote} in ${scope}\n`
          : `${scope}: ${plural(clusters, 'cluster')} and ${plural(events, 'event')} verified, every hash chain intact, every projection and signed head agrees\n`,
      );
      return broken || records ? 1 : 0;
    });
  },
};

/** `audit replay`: each cluster's log replayed and compared with its stored snapshot; exit 1 when one differs. */
export const auditReplayCommand: Command = {
  words: ['audit', 'replay'],
  usage: 'audit replay [--agency <slug>]',
  summary: 'replay every cluster\'s events and compare with its stored snapshot and projections; exit 1 when one differs',
  async run(args) {
    const agency = agencyArg(args);
    return withApplication(loadConfig(), async (app) => {
      if (agency) await requireAgency(app, agency);
      const repo = app.get(AuditIntegrityRepository);
      const verifier = app.get(ReplayVerifier);
      const list = agency ? [agency] : await repo.agencies();
      let clusters = 0;
      let events = 0;
      let differing = 0;
      for (const a of list) {
        const ids = (await repo.clusterHeads(a)).map((r) => r.clusterId);
        const summary = await verifier.clusters(a, ids);
        summary.differences.push(...(await orphanChecks(repo, a)));
        for (const d of summary.differences) process.stdout.write(`${a}: cluster ${d.clusterId}: ${d.difference}\n`);
        clusters += summary.clustersChecked;
        events += summary.eventsChecked;
        differing += summary.differences.length;
      }
      const scope = agency ? `agency ${agency}` : agencies(list.length);
      process.stderr.write(
        differing
          ? `${plural(differing, 'cluster')} of ${clusters} in ${scope} differ from their replay\n`
          : `${scope}: ${plural(clusters, 'cluster')} and ${plural(events, 'event')} replayed, every snapshot and projection equal\n`,
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
