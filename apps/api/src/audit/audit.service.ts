import { Injectable } from '@nestjs/common';
import { badInput, DomainError, ErrorCode, notFound } from '@clusterflow/engine';
import { AuditRepository, decodeSeqCursor, type ApprovalListFilter, type ApprovalPage, type TrailPage } from '@clusterflow/persistence';
import { checkInput } from '@clusterflow/application/clusters/input-check';
import { checkFirst } from '../graphql/connection';
import { ApprovalFilterInput } from './dto/approval-filter.input';

/**
 * The auditor's history: a cluster's event log, and the agency's decisions across clusters.
 * Reads only; every call takes the agency first and the repository filters by it.
 */
@Injectable()
export class AuditService {
  constructor(private readonly repo: AuditRepository) {}

  /**
   * A page of the cluster's events in seq order; NOT_FOUND for another agency's or an
   * unknown cluster (before BAD_USER_INPUT for `first` or the cursor). One statement.
   */
  async trail(agency: string, clusterId: string, first: number, after?: string | null): Promise<TrailPage> {
    const repo = this.repo;
    let afterSeq: number;
    try {
      checkFirst(first);
      afterSeq = after == null ? 0 : decodeSeqCursor(after);
    } catch (e) {
      if (!(await repo.clusterExists(agency, clusterId))) throw notFound('cluster'); // NOT_FOUND answers before BAD_USER_INPUT
      throw e;
    }
    const page = await repo.trailPage(agency, clusterId, first, afterSeq);
    if (!page.found) throw notFound('cluster');
    return page;
  }

  /**
   * A page of the agency's decisions, newest first, with the size of the filtered list.
   * NOT_FOUND when `filter.clusterId` names no cluster of the agency (before any
   * BAD_USER_INPUT, as the contract orders them): `first`, the cursor, a filter value that
   * is too long, or `from` after `to`. One statement when nothing is wrong.
   */
  async approvals(agency: string, filter: ApprovalFilterInput | null | undefined, first: number, after?: string | null): Promise<ApprovalPage> {
    const f: ApprovalListFilter = filter ?? {};
    const repo = this.repo;
    try {
      checkFirst(first);
      checkInput(ApprovalFilterInput, filter, 'filter');
      if (f.from != null && f.to != null && f.from.getTime() > f.to.getTime()) {
        throw badInput('filter.from must not be after filter.to (from is inclusive, to exclusive)', { argument: 'filter' });
      }
      const page = await repo.approvalPage(agency, { filter: f, first, after });
      if (!page.clusterFound) throw notFound('cluster');
      return page;
    } catch (e) {
      // Bad input about a cluster the agency does not have: NOT_FOUND answers first.
      if (e instanceof DomainError && e.code === ErrorCode.BAD_USER_INPUT && f.clusterId != null && !(await repo.clusterExists(agency, f.clusterId))) {
        throw notFound('cluster');
      }
      throw e;
    }
  }
}
