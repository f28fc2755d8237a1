import { Query, Resolver } from '@nestjs/graphql';
import { SystemRepository } from '@clusterflow/persistence';
import { CurrentUser, Public } from '../auth/auth.decorators';
import type { Principal } from '@clusterflow/application/auth/principal';
import { ViewerModel } from './models/viewer.model';

/** How long a successful database ping answers `health` for everyone (ms). */
export const HEALTH_PING_TTL_MS = 1000;
/** How long a ping under way is shared with later `health` calls (ms). */
export const HEALTH_PING_WAIT_MS = 5000;

@Resolver()
export class SystemResolver {
  /** The last database ping: shared while under way, and its success reused until HEALTH_PING_TTL_MS old. */
  private ping: { at: number; done: Promise<void>; state: 'pending' | 'ok' | 'failed' } | null = null;

  constructor(private readonly system: SystemRepository) {}

  /**
   * `ok` when the server can reach its database; SERVICE_UNAVAILABLE otherwise. No token
   * needed, so it is cheap: at most one ping under way for the whole server, and a success
   * answers for HEALTH_PING_TTL_MS (100 aliases of health from 50 clients make one ping a second).
   */
  @Public()
  @Query(() => String, { description: 'ok when the server and its database answer' })
  async health(): Promise<string> {
    const last = this.ping;
    const age = last ? Date.now() - last.at : Infinity;
    // A ping still under way after HEALTH_PING_WAIT_MS is not waited for by newcomers: they ping again.
    const fresh = last && ((last.state === 'pending' && age <= HEALTH_PING_WAIT_MS) || (last.state === 'ok' && age <= HEALTH_PING_TTL_MS));
    if (fresh) {
      await last.done;
      return 'ok';
    }
    const ping: NonNullable<SystemResolver['ping']> = { at: Date.now(), state: 'pending', done: Promise.resolve() };
    ping.done = this.system
      .ping()
      .then(
        () => void (ping.state = 'ok'),
        (e: unknown) => {
          ping.state = 'failed';
          throw e;
        },
      );
    this.ping = ping;
    await ping.done;
    return 'ok';
  }

  @Query(() => ViewerModel, { description: 'The caller, as the token says' })
  me(@CurrentUser() user: Principal): ViewerModel {
    return { userId: user.userId, name: user.name, agency: user.agency, roles: user.roles };
  }
}
