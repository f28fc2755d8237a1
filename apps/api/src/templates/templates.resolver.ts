import { Args, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { toMermaid, type Problem, type TemplateDefinition } from '@clusterflow/engine';
import type { ProgrammeTemplateEntity } from '@clusterflow/persistence';
import { CurrentUser } from '../auth/auth.decorators';
import type { Principal } from '@clusterflow/application/auth/principal';
import { ProgrammeTemplateModel, TemplateValidationModel } from './models/template.model';
import { TemplatesService } from './templates.service';

@Resolver(() => ProgrammeTemplateModel)
export class TemplatesResolver {
  constructor(private readonly service: TemplatesService) {}

  @Query(() => [ProgrammeTemplateModel], { description: 'Every published version, newest first; of one key when given' })
  async templates(@CurrentUser() user: Principal, @Args('key', { type: () => String, nullable: true }) key?: string): Promise<Omit<ProgrammeTemplateModel, 'diagram'>[]> {
    return (await this.service.list(user.agency, key ?? undefined)).map(toTemplateModel);
  }

  @Query(() => ProgrammeTemplateModel, { nullable: true, description: 'One version; the latest when version is omitted' })
  async template(
    @CurrentUser() user: Principal,
    @Args('key', { type: () => String }) key: string,
    @Args('version', { type: () => Int, nullable: true }) version?: number,
  ): Promise<Omit<ProgrammeTemplateModel, 'diagram'> | null> {
    const found = await this.service.find(user.agency, key, version);
    return found ? toTemplateModel(found) : null;
  }

  @Query(() => TemplateValidationModel, { description: 'Checks a template without publishing it' })
  async validateTemplate(@CurrentUser() user: Principal, @Args('source', { type: () => String }) source: string): Promise<TemplateValidationModel> {
    const { valid, errors, warnings, diagram } = await this.service.validateFor(user.agency, source);
    return { valid, errors, warnings, diagram };
  }

  /** Computed only when asked for: a list of large templates need not draw every diagram. */
  @ResolveField('diagram', () => String, { description: 'Mermaid stateDiagram-v2 text' })
  diagram(@Parent() template: ProgrammeTemplateModel): string {
    return toMermaid(template.definition as TemplateDefinition);
  }

  @Mutation(() => ProgrammeTemplateModel, { description: 'Publishes YAML source as an immutable version (agency_admin)' })
  async publishTemplate(@CurrentUser() user: Principal, @Args('source', { type: () => String }) source: string): Promise<Omit<ProgrammeTemplateModel, 'diagram'>> {
    return toTemplateModel(await this.service.publish(user, source));
  }
}

export function toTemplateModel(row: ProgrammeTemplateEntity): Omit<ProgrammeTemplateModel, 'diagram'> {
  const def = row.definition as TemplateDefinition;
  return {
    id: row.id,
    key: row.key,
    version: row.version,
    title: row.title,
    languages: def.languages ?? [],
    titles: def.titles ?? {},
    description: def.description ?? null,
    publishedAt: row.publishedAt,
    publishedBy: row.publishedBy,
    phases: def.phases.map((p) => ({ id: globalId('Phase', row.id, p.id), key: p.id, title: p.title, final: p.final, initial: p.initial, due: p.due ?? null, milestones: p.milestones.map((m) => m.id) })),
    gates: def.gates.map((g) => ({ id: globalId('Gate', row.id, g.id), key: g.id, title: g.title, from: g.from, to: g.to, requires: g.requires })),
    roles: Object.keys(def.roles),
    artefactTypes: Object.keys(def.artefacts),
    indicators: Object.keys(def.indicators),
    criteria: Object.keys(def.selection?.criteria ?? {}),
    definition: def,
    source: row.source,
    sha256: row.sha256,
    warnings: row.warnings as Problem[],
  };
}

/**
 * The id of a part of one published template version (a phase or a gate): unique across the
 * API, so that caches keying objects by `__typename` and `id` never mix two templates' phases.
 * Opaque to clients (base64url of the type, the template version's id and the local key).
 */
export function globalId(type: 'Phase' | 'Gate', templateId: string, key: string): string {
  return Buffer.from(`${type}:${templateId}:${key}`, 'utf8').toString('base64url');
}
