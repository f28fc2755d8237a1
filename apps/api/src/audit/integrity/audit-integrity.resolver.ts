import { Args, Context, ID, Query, Resolver } from '@nestjs/graphql';
import { CurrentUser } from '../../auth/auth.decorators';
import type { Principal } from '@clusterflow/application/auth/principal';
import { inputProblems } from '@clusterflow/application/clusters/input-check';
import { AuditHeadService, type AuditHeadRecord } from '@clusterflow/application/audit/audit-head.service';
import { AuditVerificationService } from '@clusterflow/application/audit/audit-verification.service';
import { signalOf } from '../../graphql/client-gone';
import { AuditHeadInput } from './dto/audit-head.input';
import { AuditHeadModel, AuditKeyModel, AuditVerificationModel, ReplayVerificationModel } from './models/audit-head.model';

const headView = (h: AuditHeadRecord): AuditHeadModel => ({ ...h, at: new Date(h.at) });

/**
 * The integrity checks: signed heads, their keys, hash-chain and replay verification.
 * Readable by every member of the agency (auditors too); everything is of the caller's agency.
 */
@Resolver()
export class AuditIntegrityResolver {
  constructor(
    private readonly heads: AuditHeadService,
    private readonly verification: AuditVerificationService,
  ) {}

  @Query(() => AuditHeadModel, { description: 'The agency\'s history summarised now, signed and kept by the server: save it to verify against later' })
  async auditHead(@CurrentUser() user: Principal): Promise<AuditHeadModel> {
    return headView((await this.heads.current(user.agency)).head);
  }

  @Query(() => [AuditKeyModel], { description: 'The public keys that sign heads: the current one first, then every other that signed a head of the agency' })
  auditKeys(@CurrentUser() user: Principal): Promise<AuditKeyModel[]> {
    return this.heads.keys(user.agency);
  }

  @Query(() => AuditVerificationModel, {
    description:
      'Verifies the hash chains of one cluster, or of the whole agency; `against` a head saved earlier, also that its signature holds, the server ' +
      'recorded it, and today\'s history still contains, unchanged, everything it covered (this detects rewritten or cut-off history)',
  })
  async verifyAuditTrail(
    @CurrentUser() user: Principal,
    @Context() ctx: unknown,
    @Args('clusterId', { type: () => ID, nullable: true }) clusterId?: string | null,
    @Args('against', { type: () => AuditHeadInput, nullable: true }) against?: AuditHeadInput | null,
  ): Promise<AuditVerificationModel> {
    const result = await this.verification.verifyTrail(user.agency, clusterId, against, inputProblems(AuditHeadInput, against, 'against'), signalOf(ctx));
    return { ...result, head: result.head ? headView(result.head) : null };
  }

  @Query(() => ReplayVerificationModel, {
    description: 'Replays the events of one cluster, or of every cluster of the agency, and compares the result with the stored snapshots',
  })
  async verifyReplay(
    @CurrentUser() user: Principal,
    @Context() ctx: unknown,
    @Args('clusterId', { type: () => ID, nullable: true }) clusterId?: string | null,
  ): Promise<ReplayVerificationModel> {
    const summary = await this.verification.verifyReplay(user.agency, clusterId, signalOf(ctx));
    return { ...summary, differences: summary.differences.map((d) => ({ clusterId: d.clusterId, events: d.events, difference: d.difference ?? 'differs' })) };
  }
}
