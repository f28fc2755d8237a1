import { Query, Resolver } from '@nestjs/graphql';
import { SystemRepository } from '@clusterflow/persistence';
import { CurrentUser, Public } from '../auth/auth.decorators';
import type { Principal } from '@clusterflow/application/auth/principal';
import { ViewerModel } from './models/viewer.model';

@Resolver()
export class SystemResolver {
  constructor(private readonly system: SystemRepository) {}

  /** `ok` when the server can reach its database; SERVICE_UNAVAILABLE otherwise. No token needed. */
  @Public()
  @Query(() => String, { description: 'ok when the server and its database answer' })
  async health(): Promise<string> {
    await this.system.ping();
    return 'ok';
  }

  @Query(() => ViewerModel, { description: 'The caller, as the token says' })
  me(@CurrentUser() user: Principal): ViewerModel {
    return { userId: user.userId, name: user.name, agency: user.agency, roles: user.roles };
  }
}
