import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AppStateEntity, ProgrammeTemplateEntity } from '@clusterflow/persistence';
import { DomainError } from '@clusterflow/engine';
import { TokenService } from '../auth/token.service';
import { TemplatesService } from '../templates/templates.service';
import { DEMO_AGENCY, DEMO_USERS, mintDemoTokens, type DemoToken } from './demo-users';

const DEMO_STATE_KEY = 'demo';

/** The shipped templates folder: `templates/` at the project root. */
export function shippedTemplatesDir(from = __dirname): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'templates'))) return join(dir, 'templates');
  }
  throw new Error('the shipped templates folder was not found');
}

/**
 * On the first start against an empty database, sets up the demo agency (publishing the
 * shipped templates) so a new user can act at once. Later starts do nothing.
 */
@Injectable()
export class DemoService {
  private readonly log = new Logger(DemoService.name);

  constructor(
    private readonly em: EntityManager,
    private readonly tokens: TokenService,
    private readonly templates: TemplatesService,
  ) {}

  /**
   * Seeds once, and only into a database that holds no templates at all; returns true
   * when it seeded now. Servers starting together serialize on an advisory lock.
   */
  async seedIfNew(): Promise<boolean> {
    return this.em.fork().transactional(async (tx) => {
      await tx.execute('select pg_advisory_xact_lock(hashtext(?))', ['clusterflow:demo-seed']);
      if (await tx.findOne(AppStateEntity, { key: DEMO_STATE_KEY })) return false;
      if ((await tx.count(ProgrammeTemplateEntity, {}, { filters: false })) > 0) return false;
      const published = await this.publishShippedTemplates();
      tx.create(AppStateEntity, { key: DEMO_STATE_KEY, value: { agency: DEMO_AGENCY, templates: published, seededAt: new Date().toISOString() }, updatedAt: new Date() });
      return true;
    });
  }

  demoTokens(): Promise<DemoToken[]> {
    return mintDemoTokens(this.tokens);
  }

  /** Publishes every templates/*.yaml for the demo agency; a broken file is logged and skipped. */
  private async publishShippedTemplates(): Promise<string[]> {
    const admin = DEMO_USERS.find((u) => u.roles.includes('agency_admin'))!;
    const dir = shippedTemplatesDir();
    const published: string[] = [];
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
      try {
        const t = await this.templates.publish(admin, readFileSync(join(dir, file), 'utf8'));
        published.push(`${t.key}@${t.version}`);
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        this.log.error(`templates/${file} was not published: ${e.message}`);
      }
    }
    return published;
  }
}
