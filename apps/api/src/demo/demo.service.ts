import { Injectable, Logger } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { SystemRepository } from '@clusterflow/persistence';
import { DomainError } from '@clusterflow/engine';
import { TokenService } from '@clusterflow/application/auth/token.service';
import { TemplatesService } from '../templates/templates.service';
import { ClustersService } from '@clusterflow/application/clusters/clusters.service';
import { PeopleService } from '@clusterflow/application/people/people.service';
import { FilesService } from '@clusterflow/application/files/files.service';
import { DEMO_AGENCY, DEMO_USERS, mintDemoTokens, type DemoToken } from '@clusterflow/application/demo/demo-users';
import { seedDemoHistory } from './demo-history';
import { shippedTemplateFiles, shippedTemplatesDir } from './shipped-templates';

const DEMO_STATE_KEY = 'demo';

/**
 * On the first start against an empty database, sets up the demo agency (publishing the
 * shipped templates) so a new user can act at once. Later starts do nothing.
 */
@Injectable()
export class DemoService {
  private readonly log = new Logger(DemoService.name);

  constructor(
    private readonly system: SystemRepository,
    private readonly tokens: TokenService,
    private readonly templates: TemplatesService,
    private readonly clusters: ClustersService,
    private readonly people: PeopleService,
    private readonly files: FilesService,
  ) {}

  /**
   * Seeds once, and only into a database that holds no templates at all; returns true
   * when it seeded now. Servers starting together serialize on an advisory lock.
   */
  async seedIfNew(): Promise<boolean> {
    return this.system.setUpOnce(DEMO_STATE_KEY, async () => {
      const published = await this.publishShippedTemplates();
      const clusters = published.includes('unido-cda@1') ? [...(await this.registerDemoClusters()), ...(await seedDemoHistory(this.clusters, this.files))] : [];
      // Listed in `people` from the start, so an admin can assign them before they first sign in.
      for (const user of DEMO_USERS) await this.people.upsert(DEMO_AGENCY, { userId: user.userId, name: user.name, roles: user.roles });
      return { agency: DEMO_AGENCY, templates: published, clusters, seededAt: new Date().toISOString() };
    });
  }

  demoTokens(): Promise<DemoToken[]> {
    return mintDemoTokens(this.tokens);
  }

  /**
   * Two candidate clusters on the UNIDO template, registered and scored by the demo CDA
   * through the same commands a client sends: one eligible and waiting only for the
   * programme manager's approval to be selected, one below the eligibility threshold.
   */
  private async registerDemoClusters(): Promise<string[]> {
    const user = (id: string) => DEMO_USERS.find((u) => u.userId === id)!;
    const cda = user('chidi.cda');
    const aba = await this.clusters.register(cda, 'unido-cda', 1, {
      name: 'Aba leather cluster',
      sector: 'Leather goods',
      region: 'Abia',
      country: 'Nigeria',
      attributes: { enterprise_count: 320, employment: 4500, women_led_share: 0.3, sector: 'Leather goods', country: 'Nigeria', region: 'Abia' },
    });
    const id = aba.state.id;
    const run = (command: Parameters<ClustersService['command']>[2]) => this.clusters.command(cda, id, command);
    await run({ type: 'SCORE', scores: [{ criterion: 'importance', score: 4 }, { criterion: 'potential', score: 4 }, { criterion: 'viability', score: 3.5 }, { criterion: 'sustainability', score: 3 }] });
    await run({
      type: 'SUBMIT_ARTEFACT',
      newArtefactId: randomUUID(),
      newVersionId: randomUUID(),
      artefactType: 'cluster_map',
      title: 'Aba cluster map and inventory',
      fields: { enterprises_mapped: 310, mapped_on: '2026-10-15' },
    });
    await run({ type: 'DECIDE', decisionId: randomUUID(), gate: 'cda_appointed', role: 'cda', outcome: 'APPROVE', comment: 'Chidi appointed as CDA' });
    await run({ type: 'REACH_MILESTONE', milestone: 'cda_appointed' });
    const kano = await this.clusters.register(cda, 'unido-cda', 1, {
      name: 'Kano textile weavers',
      sector: 'Textiles',
      region: 'Kano',
      country: 'Nigeria',
      attributes: { enterprise_count: 80, sector: 'Textiles', country: 'Nigeria', region: 'Kano' },
    });
    await this.clusters.command(cda, kano.state.id, {
      type: 'SCORE',
      scores: [{ criterion: 'importance', score: 5 }, { criterion: 'potential', score: 4 }, { criterion: 'viability', score: 4 }, { criterion: 'sustainability', score: 4 }],
    });
    return [id, kano.state.id];
  }

  /**
   * Publishes the shipped templates for the demo agency (templates/previous/*.yaml, then
   * templates/*.yaml: see shippedTemplateFiles); a broken file is logged and skipped.
   */
  private async publishShippedTemplates(): Promise<string[]> {
    const admin = DEMO_USERS.find((u) => u.roles.includes('agency_admin'))!;
    const dir = shippedTemplatesDir();
    const published: string[] = [];
    for (const file of shippedTemplateFiles(dir)) {
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
