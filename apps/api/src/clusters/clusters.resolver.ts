import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { randomUUID } from 'node:crypto';
import {
  DAY_MS,
  viewerGates,
  suspendedMsOf,
  indicatorSummaries,
  openConditions,
  derivedValues,
  type ClusterCommand,
  type ConditionState,
  type EventPayloads,
  type IndicatorSummary,
} from '@clusterflow/engine';
import { ClusterRepository, clusterCursor, type ArtefactVersionRecord, type DecisionRecord } from '@clusterflow/persistence';
import { CurrentUser } from '../auth/auth.decorators';
import type { Principal } from '@clusterflow/application/auth/principal';
import { checkFirst, connectionOf } from '../graphql/connection';
import { loadersOf } from './cluster-loaders';
import { clusterView, dateOrNull, type ClusterView } from './cluster-view';
import { actorOf, ClustersService, type CommandResult } from '@clusterflow/application/clusters/clusters.service';
import { ClusterFilterInput } from './dto/cluster-filter.input';
import { CriterionScoreInput } from './dto/criterion-score.input';
import { DecisionInput } from './dto/decision.input';
import { IndicatorInput, IndicatorPlanInput } from './dto/indicator.input';
import { MAX_TEXT_LENGTH } from './dto/limits';
import { RegisterClusterInput } from './dto/register-cluster.input';
import { SubmitArtefactInput } from './dto/submit-artefact.input';
import { checkInput, inputProblems, type InputProblem } from '@clusterflow/application/clusters/input-check';
import { ArtefactModel, ArtefactVersionModel } from './models/artefact.model';
import { ClusterModel, PhaseVisitModel } from './models/cluster.model';
import { ClusterConnectionModel } from './models/connection.model';
import { ConditionModel, DecisionModel } from './models/decision.model';
import { JSONScalar } from '../graphql/json.scalar';
import { ClusterSort } from './models/enums.model';
import { IndicatorSummaryModel, IndicatorValueModel } from './models/indicator.model';
import { GateReadinessModel, unmetModel } from './models/readiness.model';

type GqlContext = object;

/** A decision as resolvers hand it on: the artefact version is resolved on demand. */
type DecisionView = Omit<DecisionModel, 'artefactVersion'> & { artefactVersionId: string | null };

@Resolver(() => ClusterModel)
export class ClustersResolver {
  constructor(
    private readonly service: ClustersService,
    private readonly repo: ClusterRepository,
  ) {}

  // --- queries ---------------------------------------------------------------------------

  @Query(() => ClusterConnectionModel, { description: 'The agency\'s clusters, filtered, sorted and paged (Relay cursors)' })
  async clusters(
    @CurrentUser() user: Principal,
    @Args('filter', { type: () => ClusterFilterInput, nullable: true }) filter?: ClusterFilterInput | null,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 50 }) first: number | null = 50,
    @Args('after', { type: () => String, nullable: true }) after?: string | null,
    @Args('sort', { type: () => ClusterSort, defaultValue: ClusterSort.REGISTERED_AT, description: 'Our addition: the order (SCORE ranks candidates)' })
    sort: ClusterSort = ClusterSort.REGISTERED_AT,
  ): Promise<ClusterConnectionModel> {
    first = checkFirst(first ?? 50);
    checkInput(ClusterFilterInput, filter, 'filter');
    const now = new Date();
    const page = await this.repo.page(user.agency, { filter, sort, first, after }, now);
    const views = await Promise.all(
      page.rows.map(async (row) => clusterView(row.snapshot, await this.service.definition(user.agency, row.templateId), now.toISOString())),
    );
    const cursors = new Map(page.rows.map((row) => [row.id, clusterCursor(sort, row)]));
    return connectionOf(views, (v) => cursors.get(v.id)!, page.hasNextPage, !!after, page.totalCount) as ClusterConnectionModel;
  }

  @Query(() => ClusterModel, { nullable: true, description: 'One cluster of the agency; null when there is none with this id' })
  async cluster(@CurrentUser() user: Principal, @Args('id', { type: () => ID }) id: string): Promise<ClusterView | null> {
    const row = await this.repo.find(user.agency, id);
    if (!row) return null;
    return clusterView(row.snapshot, await this.service.definition(user.agency, row.templateId), new Date().toISOString());
  }

  // --- commands --------------------------------------------------------------------------

  @Mutation(() => ClusterModel, { description: 'Registers a cluster on a template version (agency_admin, or a cda who is then assigned)' })
  async registerCluster(
    @CurrentUser() user: Principal,
    @Args('input', { type: () => RegisterClusterInput }) input: RegisterClusterInput,
  ): Promise<ClusterView> {
    const { name, sector, region, country, attributes } = input;
    const result = await this.service.register(
      user,
      input.templateKey,
      input.templateVersion,
      { name, sector, region, country, attributes },
      inputProblems(RegisterClusterInput, input, 'input'),
    );
    return viewOf(result);
  }

  @Mutation(() => ClusterModel, { description: 'Adds a CDA to the cluster\'s team (agency_admin)' })
  assignCda(@CurrentUser() user: Principal, @Context() ctx: GqlContext, @Args('clusterId', { type: () => ID }) clusterId: string, @Args('userId') userId: string) {
    return this.run(ctx, user, clusterId, { type: 'ASSIGN_CDA', userId });
  }

  @Mutation(() => ClusterModel, { description: 'Removes a CDA from the cluster\'s team (agency_admin)' })
  unassignCda(@CurrentUser() user: Principal, @Context() ctx: GqlContext, @Args('clusterId', { type: () => ID }) clusterId: string, @Args('userId') userId: string) {
    return this.run(ctx, user, clusterId, { type: 'UNASSIGN_CDA', userId });
  }

  @Mutation(() => ClusterModel, { description: 'Gives a person a `scope: cluster` role on this cluster (agency_admin)' })
  assignRole(
    @CurrentUser() user: Principal,
    @Context() ctx: GqlContext,
    @Args('clusterId', { type: () => ID }) clusterId: string,
    @Args('userId') userId: string,
    @Args('role') role: string,
  ) {
    return this.run(ctx, user, clusterId, { type: 'ASSIGN_ROLE', userId, role });
  }

  @Mutation(() => ClusterModel, { description: 'Takes a `scope: cluster` role on this cluster from a person (agency_admin)' })
  unassignRole(
    @CurrentUser() user: Principal,
    @Context() ctx: GqlContext,
    @Args('clusterId', { type: () => ID }) clusterId: string,
    @Args('userId') userId: string,
    @Args('role') role: string,
  ) {
    return this.run(ctx, user, clusterId, { type: 'UNASSIGN_ROLE', userId, role });
  }

  @Mutation(() => ClusterModel, { description: 'Scores selection criteria; scoring again merges per criterion' })
  scoreCluster(
    @CurrentUser() user: Principal,
    @Context() ctx: GqlContext,
    @Args('clusterId', { type: () => ID }) clusterId: string,
    @Args('scores', { type: () => [CriterionScoreInput] }) scores: CriterionScoreInput[],
  ) {
    const problems = (scores ?? []).flatMap((s, i) => inputProblems(CriterionScoreInput, s, `scores[${i}]`));
    return this.run(ctx, user, clusterId, { type: 'SCORE', scores }, problems);
  }

  @Mutation(() => ArtefactVersionModel, { description: 'Submits a new artefact, or a new version of one (`artefactId`)' })
  async submitArtefact(
    @CurrentUser() user: Principal,
    @Context() ctx: GqlContext,
    @Args('input', { type: () => SubmitArtefactInput }) input: SubmitArtefactInput,
  ): Promise<ArtefactVersionModel> {
    const result = await this.command(ctx, user, input.clusterId, {
      type: 'SUBMIT_ARTEFACT',
      newArtefactId: randomUUID(),
      newVersionId: randomUUID(),
      artefactType: input.type,
      title: input.title,
      artefactId: input.artefactId,
      uri: input.uri,
      sha256: input.sha256,
      fields: input.fields,
      files: (input.files ?? []).map((id) => ({ id, stored: null })),
    }, inputProblems(SubmitArtefactInput, input, 'input'));
    const p = result.event!.payload as EventPayloads['ARTEFACT_SUBMITTED'];
    return versionModel({ ...p, id: p.versionId, submittedBy: result.event!.actor, submittedAt: new Date(result.event!.at), files: p.files ?? [] });
  }

  @Mutation(() => DecisionModel, { description: 'Approves or rejects, in a role the caller holds, on a gate or milestone of the current phase' })
  async decide(
    @CurrentUser() user: Principal,
    @Context() ctx: GqlContext,
    @Args('input', { type: () => DecisionInput }) input: DecisionInput,
  ): Promise<DecisionView> {
    const result = await this.command(ctx, user, input.clusterId, {
      type: 'DECIDE',
      decisionId: randomUUID(),
      gate: input.gate,
      role: input.role,
      outcome: input.outcome,
      artefactVersionId: input.artefactVersionId,
      comment: input.comment,
      conditions: input.conditions?.map((text) => ({ id: randomUUID(), text })) ?? null,
    }, inputProblems(DecisionInput, input, 'input'));
    const event = result.event!;
    const p = event.payload as EventPayloads['DECIDED'];
    return {
      id: p.decisionId,
      clusterId: event.clusterId,
      clusterName: result.state.name,
      gate: p.gate,
      role: p.role,
      outcome: p.outcome,
      comment: p.comment,
      decidedBy: event.actor,
      decidedByName: event.actorName,
      decidedAt: new Date(event.at),
      artefactVersionId: p.artefactVersionId,
      counts: result.counting.has(p.decisionId),
      conditions: (result.state.decisions.find((d) => d.id === p.decisionId)?.conditions ?? []).map(conditionModel),
    };
  }

  @Mutation(() => ConditionModel, { description: 'Closes an open condition of an approval with conditions, with a note (an assigned CDA or an agency_admin)' })
  async closeCondition(
    @CurrentUser() user: Principal,
    @Context() ctx: GqlContext,
    @Args('clusterId', { type: () => ID }) clusterId: string,
    @Args('conditionId', { type: () => ID }) conditionId: string,
    @Args('note') note: string,
  ): Promise<ConditionModel> {
    const problems: InputProblem[] = typeof note === 'string' && note.length > MAX_TEXT_LENGTH ? [{ path: 'note', message: `note must be at most ${MAX_TEXT_LENGTH} characters` }] : [];
    const result = await this.command(ctx, user, clusterId, { type: 'CLOSE_CONDITION', conditionId, note }, problems);
    const p = result.event!.payload as EventPayloads['CONDITION_CLOSED'];
    const condition = result.state.decisions.find((d) => d.id === p.decisionId)!.conditions!.find((c) => c.id === p.conditionId)!;
    return conditionModel(condition);
  }

  @Mutation(() => IndicatorValueModel, { description: 'Records an indicator value for a period; recording again supersedes it (the old value stays in history)' })
  async recordIndicator(
    @CurrentUser() user: Principal,
    @Context() ctx: GqlContext,
    @Args('input', { type: () => IndicatorInput }) input: IndicatorInput,
  ): Promise<IndicatorValueModel> {
    const result = await this.command(ctx, user, input.clusterId, {
      type: 'RECORD_INDICATOR',
      indicator: input.indicator,
      period: input.period,
      value: input.value,
      note: input.note,
    }, inputProblems(IndicatorInput, input, 'input'));
    const p = result.event!.payload as EventPayloads['INDICATOR_RECORDED'];
    return { indicator: p.indicator, period: p.period, value: p.value, recordedBy: result.event!.actor, recordedAt: new Date(result.event!.at) };
  }

  @Mutation(() => IndicatorSummaryModel, { description: 'Sets an indicator\'s baseline (kept when omitted) and period targets' })
  async setIndicatorPlan(
    @CurrentUser() user: Principal,
    @Context() ctx: GqlContext,
    @Args('input', { type: () => IndicatorPlanInput }) input: IndicatorPlanInput,
  ): Promise<IndicatorSummaryModel> {
    const result = await this.command(ctx, user, input.clusterId, {
      type: 'SET_INDICATOR_PLAN',
      indicator: input.indicator,
      ...('baseline' in input ? { baseline: input.baseline ?? null } : {}),
      targets: input.targets ?? [],
    }, inputProblems(IndicatorPlanInput, input, 'input'));
    const summary = indicatorSummaries(result.definition, result.state).find((s) => s.indicator === input.indicator)!;
    return summaryModel(summary);
  }

  @Mutation(() => ClusterModel, { description: 'Marks a milestone of the current phase as reached, when its requirements hold' })
  reachMilestone(
    @CurrentUser() user: Principal,
    @Context() ctx: GqlContext,
    @Args('clusterId', { type: () => ID }) clusterId: string,
    @Args('milestone') milestone: string,
  ) {
    return this.run(ctx, user, clusterId, { type: 'REACH_MILESTONE', milestone });
  }

  @Mutation(() => ClusterModel, { description: 'Passes a gate out of the current phase when every requirement holds; GATE_NOT_READY lists what is missing' })
  advance(
    @CurrentUser() user: Principal,
    @Context() ctx: GqlContext,
    @Args('clusterId', { type: () => ID }) clusterId: string,
    @Args('gate') gate: string,
    @Args('expectedVersion', { type: () => Int, nullable: true }) expectedVersion?: number | null,
  ) {
    return this.run(ctx, user, clusterId, { type: 'ADVANCE', gate, expectedVersion });
  }

  @Mutation(() => ClusterModel, { description: 'Suspends the cluster in its phase (agency_admin)' })
  suspend(
    @CurrentUser() user: Principal,
    @Context() ctx: GqlContext,
    @Args('clusterId', { type: () => ID }) clusterId: string,
    @Args('reason') reason: string,
  ) {
    const problems: InputProblem[] = typeof reason === 'string' && reason.length > MAX_TEXT_LENGTH ? [{ path: 'reason', message: `reason must be at most ${MAX_TEXT_LENGTH} characters` }] : [];
    return this.run(ctx, user, clusterId, { type: 'SUSPEND', reason }, problems);
  }

  @Mutation(() => ClusterModel, { description: 'Resumes a suspended cluster in the same phase (agency_admin)' })
  resume(@CurrentUser() user: Principal, @Context() ctx: GqlContext, @Args('clusterId', { type: () => ID }) clusterId: string) {
    return this.run(ctx, user, clusterId, { type: 'RESUME' });
  }

  // --- fields computed on demand -----------------------------------------------------------

  @ResolveField('gates', () => [GateReadinessModel])
  gates(@Parent() cluster: ClusterView, @CurrentUser() user: Principal): GateReadinessModel[] {
    return viewerGates(cluster.definition, cluster.snapshot, actorOf(user), cluster.now).map(({ gate, to, ready, unmet }) => ({
      gate,
      to,
      ready,
      unmet: unmet.map((u) => unmetModel(u)),
    }));
  }

  @ResolveField('indicators', () => [IndicatorSummaryModel])
  indicators(@Parent() cluster: ClusterView): IndicatorSummaryModel[] {
    return indicatorSummaries(cluster.definition, cluster.snapshot).map(summaryModel);
  }

  @ResolveField('artefacts', () => [ArtefactModel])
  async artefacts(@Parent() cluster: ClusterView, @Context() ctx: GqlContext, @CurrentUser() user: Principal): Promise<ArtefactModel[]> {
    const versions = await loadersOf(ctx, this.repo, user.agency).artefactVersions.load(cluster.id);
    const byArtefact = new Map<string, ArtefactVersionModel[]>();
    for (const v of versions) {
      const list = byArtefact.get(v.artefactId) ?? [];
      list.push(versionModel(v));
      byArtefact.set(v.artefactId, list);
    }
    return [...byArtefact.entries()].map(([id, list]) => {
      const sorted = list.sort((a, b) => a.number - b.number);
      const latest = sorted[sorted.length - 1];
      return { id, type: latest.type, title: latest.title, versions: sorted, latest };
    });
  }

  @ResolveField('derived', () => JSONScalar)
  derived(@Parent() cluster: ClusterView): Record<string, unknown> {
    return derivedValues(cluster.definition, cluster.snapshot, cluster.now).values;
  }

  @ResolveField('openConditions', () => [ConditionModel])
  openConditions(@Parent() cluster: ClusterView): ConditionModel[] {
    return openConditions(cluster.snapshot).map(({ condition }) => conditionModel(condition));
  }

  @ResolveField('decisions', () => [DecisionModel])
  async decisions(@Parent() cluster: ClusterView, @Context() ctx: GqlContext, @CurrentUser() user: Principal): Promise<DecisionView[]> {
    const rows = await loadersOf(ctx, this.repo, user.agency).decisions.load(cluster.id);
    return rows.map(decisionView);
  }

  @ResolveField('history', () => [PhaseVisitModel])
  async history(@Parent() cluster: ClusterView, @Context() ctx: GqlContext, @CurrentUser() user: Principal): Promise<PhaseVisitModel[]> {
    const visits = await loadersOf(ctx, this.repo, user.agency).visits.load(cluster.id);
    const last = visits[visits.length - 1];
    return visits.map((v) => {
      const suspendedMs = suspendedMsOf(cluster.snapshot, v, cluster.now, v === last);
      return { phase: v.phase, enteredAt: v.enteredAt, leftAt: v.leftAt, viaGate: v.viaGate, suspendedDays: suspendedMs / DAY_MS };
    });
  }

  // --- plumbing ----------------------------------------------------------------------------

  private async run(ctx: GqlContext, user: Principal, clusterId: string, command: ClusterCommand, problems: InputProblem[] = []): Promise<ClusterView> {
    return viewOf(await this.command(ctx, user, clusterId, command, problems));
  }

  private async command(ctx: GqlContext, user: Principal, clusterId: string, command: ClusterCommand, problems: InputProblem[]): Promise<CommandResult> {
    const result = await this.service.command(user, clusterId, command, problems);
    loadersOf(ctx, this.repo, user.agency).forget(clusterId);
    return result;
  }
}

@Resolver(() => DecisionModel)
export class DecisionsResolver {
  constructor(private readonly repo: ClusterRepository) {}

  @ResolveField('artefactVersion', () => ArtefactVersionModel, { nullable: true })
  async artefactVersion(@Parent() decision: DecisionView, @Context() ctx: GqlContext, @CurrentUser() user: Principal): Promise<ArtefactVersionModel | null> {
    if (!decision.artefactVersionId) return null;
    const found = await loadersOf(ctx, this.repo, user.agency).versionOf(decision.clusterId, decision.artefactVersionId);
    return found ? versionModel(found) : null;
  }
}

/** The cluster after a command, as its answer (the command already cleared the request's loaders). */
function viewOf(result: CommandResult): ClusterView {
  return clusterView(result.state, result.definition, new Date().toISOString());
}

export function versionModel(v: Omit<ArtefactVersionRecord, 'clusterId' | 'eventId'>): ArtefactVersionModel {
  return {
    id: v.id,
    artefactId: v.artefactId,
    number: v.number,
    type: v.type,
    title: v.title,
    uri: v.uri,
    sha256: v.sha256,
    fields: v.fields,
    submittedBy: v.submittedBy,
    submittedAt: v.submittedAt,
    files: v.files.map((f) => ({ id: f.id, name: f.name, size: f.size, mediaType: f.mediaType, sha256: f.sha256, url: `/files/${f.id}` })),
  };
}

export function decisionView(d: DecisionRecord): DecisionView {
  return {
    id: d.id,
    clusterId: d.clusterId,
    clusterName: d.clusterName,
    gate: d.gate,
    role: d.role,
    outcome: d.outcome,
    comment: d.comment,
    decidedBy: d.decidedBy,
    decidedByName: d.decidedByName,
    decidedAt: d.decidedAt,
    artefactVersionId: d.artefactVersionId,
    counts: d.counts,
    conditions: d.conditions.map(conditionModel),
  };
}

export const conditionModel = (c: ConditionState): ConditionModel => ({
  id: c.id,
  text: c.text,
  closedAt: dateOrNull(c.closedAt),
  closedBy: c.closedBy,
  note: c.note,
});

function summaryModel(s: IndicatorSummary): IndicatorSummaryModel {
  return {
    ...s,
    values: s.values.map((v) => ({ indicator: s.indicator, period: v.period, value: v.value, recordedBy: v.recordedBy, recordedAt: dateOrNull(v.recordedAt)! })),
    targets: s.targets,
  };
}
