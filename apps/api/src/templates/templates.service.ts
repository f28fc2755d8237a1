import { Injectable } from '@nestjs/common';
import { UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { createHash } from 'node:crypto';
import { DomainError, ErrorCode, type Problem, type TemplateDefinition } from '@clusterflow/engine';
import { TemplateRepository, type ProgrammeTemplateEntity } from '@clusterflow/persistence';
import { authorize } from '../auth/policy';
import type { Principal } from '@clusterflow/application/auth/principal';
import { TemplateChecker } from './template-checker';

export interface Validation {
  valid: boolean;
  errors: Problem[];
  warnings: Problem[];
  diagram: string | null;
  template: TemplateDefinition | null;
}

export const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** Recent validations by source hash: 100 aliases validating one large source check it once. */
const VALIDATION_CACHE_SIZE = 32;

@Injectable()
export class TemplatesService {
  /** Validations done or under way, by source hash (least recently used dropped first). */
  private readonly recent = new Map<string, Promise<Validation>>();

  constructor(
    private readonly templates: TemplateRepository,
    private readonly checker: TemplateChecker,
  ) {}

  /** Checks a draft without storing anything, on the checker's worker thread. */
  validate(source: string): Promise<Validation> {
    const key = sha256Hex(source);
    const cached = this.recent.get(key);
    if (cached) {
      this.recent.delete(key);
      this.recent.set(key, cached);
      return cached;
    }
    const result = this.checker.check({ kind: 'validate', source }).then((outcome) => {
      if (outcome.kind !== 'validate') throw new Error('the template checker answered another task');
      const { valid, errors, warnings, diagram, template } = outcome;
      return { valid, errors, warnings, diagram, template };
    });
    this.recent.set(key, result);
    // A refusal (busy, shutting down) is not an answer about the template: ask again next time.
    result.catch(() => this.recent.get(key) === result && this.recent.delete(key));
    if (this.recent.size > VALIDATION_CACHE_SIZE) this.recent.delete(this.recent.keys().next().value!);
    return result;
  }

  /**
   * `validate`, and for a template with a `migration` section, the check of that section
   * against the agency's published version it names (what `validateTemplate` and
   * `publishTemplate` answer).
   */
  async validateFor(agency: string, source: string): Promise<Validation> {
    const checked = await this.validate(source);
    const def = checked.template;
    if (!checked.valid || !def?.migration) return checked;
    const previous = await this.templates.findVersion(agency, def.key, def.migration.from);
    const migration = await this.checker.check({ kind: 'migration', source, template: def, previous: (previous?.definition as TemplateDefinition | undefined) ?? null });
    const errors = [...checked.errors, ...migration.errors];
    return { ...checked, valid: errors.length === 0, errors, warnings: [...checked.warnings, ...migration.warnings], diagram: errors.length ? null : checked.diagram };
  }

  /**
   * Publishes an immutable (agency, key, version). The identical source again returns the
   * stored version; other content under a published version is CONFLICT; an invalid
   * template is TEMPLATE_INVALID with every problem, and nothing is stored.
   */
  async publish(user: Principal, source: string): Promise<ProgrammeTemplateEntity> {
    authorize(user, 'template.publish');
    const checked = await this.validateFor(user.agency, source);
    if (!checked.valid || !checked.template) {
      throw new DomainError(ErrorCode.TEMPLATE_INVALID, describeProblems(checked.errors), { problems: checked.errors });
    }
    const def = checked.template;
    const sha256 = sha256Hex(source);
    const existing = await this.templates.findVersion(user.agency, def.key, def.version);
    if (existing) return this.sameOrConflict(existing, sha256);
    try {
      return await this.templates.insert({
        agency: user.agency,
        key: def.key,
        version: def.version,
        title: def.title,
        source,
        sha256,
        definition: def,
        warnings: checked.warnings,
        publishedBy: user.userId,
        publishedAt: new Date(),
      });
    } catch (e) {
      if (!(e instanceof UniqueConstraintViolationException)) throw e;
      // Someone published the same version a moment ago.
      const winner = await this.templates.findVersion(user.agency, def.key, def.version);
      if (!winner) throw e;
      return this.sameOrConflict(winner, sha256);
    }
  }

  list(agency: string, key?: string): Promise<ProgrammeTemplateEntity[]> {
    return this.templates.list(agency, key);
  }

  find(agency: string, key: string, version?: number | null): Promise<ProgrammeTemplateEntity | null> {
    return version == null ? this.templates.findLatest(agency, key) : this.templates.findVersion(agency, key, version);
  }

  private sameOrConflict(existing: ProgrammeTemplateEntity, sha256: string): ProgrammeTemplateEntity {
    if (existing.sha256 === sha256) return existing;
    throw new DomainError(
      ErrorCode.CONFLICT,
      `version ${existing.version} of template ${existing.key} is already published with other content; publish your changes as a new version`,
    );
  }
}

function describeProblems(errors: Problem[]): string {
  const first = errors[0];
  const where = first ? `${first.path || 'template'}${first.line ? ` (line ${first.line}:${first.column})` : ''}: ${first.message}` : '';
  return `The template has ${errors.length} problem${errors.length === 1 ? '' : 's'}${where ? `; first, ${where}` : ''}`;
}
