import { Injectable } from '@nestjs/common';
import { notFound, type TemplateDefinition } from '@clusterflow/engine';
import { TemplateRepository, type CommandTransaction } from '@clusterflow/persistence';

/** Template versions are immutable, so their parsed definitions are cached by row id. */
const DEFINITION_CACHE_SIZE = 256;

/**
 * The one way a template version's definition is found: by key and version, by id, or by id
 * under a command's lock (on its own connection), each read once and then served from the cache.
 */
@Injectable()
export class TemplateDefinitions {
  private readonly definitions = new Map<string, TemplateDefinition>();
  private readonly loading = new Map<string, Promise<TemplateDefinition>>();

  constructor(private readonly templates: TemplateRepository) {}

  /**
   * A published version of one of the agency's templates (the latest when `version` is null);
   * NOT_FOUND when there is none. Only its id is read: the definition of an immutable version
   * is cached by it.
   */
  async version(agency: string, key: string, version: number | null): Promise<{ id: string; definition: TemplateDefinition }> {
    const id = await this.templates.versionId(agency, key, version);
    if (!id) throw notFound(`template ${key}${version != null ? ` version ${version}` : ''}`);
    return { id, definition: await this.byId(agency, id) };
  }

  /** Every published version of a template, by version number (for replay across migrations). */
  async versions(agency: string, key: string): Promise<Map<number, TemplateDefinition>> {
    const out = new Map<number, TemplateDefinition>();
    for (const [version, id] of await this.templates.versionIds(agency, key)) out.set(version, await this.byId(agency, id));
    return out;
  }

  /** The definition a cluster runs on (a template row of the caller's agency). */
  async byId(agency: string, templateId: string): Promise<TemplateDefinition> {
    const cached = this.definitions.get(templateId);
    if (cached) return cached;
    // One lookup per template, however many clusters of a page ask for it at once.
    const key = `${agency}\u0000${templateId}`;
    let pending = this.loading.get(key);
    if (!pending) {
      pending = this.templates
        .definition(agency, templateId)
        .then((definition) => this.remember(templateId, definition))
        .finally(() => this.loading.delete(key));
      this.loading.set(key, pending);
    }
    return pending;
  }

  /** A definition by template id, read under a command's lock on its own connection when not cached. */
  async inCommand(tx: CommandTransaction, templateId: string): Promise<TemplateDefinition> {
    return this.definitions.get(templateId) ?? this.remember(templateId, await tx.templateDefinition(templateId));
  }

  private remember(templateId: string, definition: unknown): TemplateDefinition {
    if (!definition) throw new Error(`template ${templateId} of a cluster is missing`);
    this.definitions.set(templateId, definition as TemplateDefinition);
    if (this.definitions.size > DEFINITION_CACHE_SIZE) this.definitions.delete(this.definitions.keys().next().value!);
    return definition as TemplateDefinition;
  }
}
