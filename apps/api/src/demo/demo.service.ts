import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { AppStateEntity } from '@clusterflow/persistence';
import { TokenService } from '../auth/token.service';
import { DEMO_AGENCY, mintDemoTokens, type DemoToken } from './demo-users';

const DEMO_STATE_KEY = 'demo';

/**
 * On the first start against an empty database, sets up the demo agency (publishing the
 * shipped templates) so a new user can act at once. Later starts do nothing.
 */
@Injectable()
export class DemoService {
  constructor(
    private readonly em: EntityManager,
    private readonly tokens: TokenService,
  ) {}

  /** Seeds once; returns true when it seeded now. */
  async seedIfNew(): Promise<boolean> {
    const em = this.em.fork();
    return em.transactional(async (tx) => {
      await tx.getConnection().execute('select pg_advisory_xact_lock(hashtext(?))', ['clusterflow:demo-seed']);
      if (await tx.findOne(AppStateEntity, { key: DEMO_STATE_KEY })) return false;
      tx.create(AppStateEntity, { key: DEMO_STATE_KEY, value: { agency: DEMO_AGENCY, seededAt: new Date().toISOString() }, updatedAt: new Date() });
      return true;
    });
  }

  async demoTokens(): Promise<DemoToken[]> {
    return mintDemoTokens(this.tokens);
  }
}
