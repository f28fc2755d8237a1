import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError, ErrorCode } from '@clusterflow/engine';
import { IS_PUBLIC, requestOf } from './auth.decorators';
import { TokenService } from '@clusterflow/application/auth/token.service';
import { PeopleService } from '../people/people.service';

/**
 * The one authentication guard, registered globally: every resolver and route needs a
 * valid `Authorization: Bearer <JWT>` unless marked @Public().
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly people: PeopleService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const req = requestOf(context);
    if (req.user) return true;
    const header = req.headers['authorization'];
    const value = Array.isArray(header) ? header[0] : header;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(value ?? '');
    if (!match) {
      throw new DomainError(ErrorCode.UNAUTHENTICATED, value ? 'the Authorization header must be "Bearer <token>"' : 'a bearer token is required');
    }
    req.user = await this.tokens.verify(match[1]);
    await this.people.seen(req.user);
    return true;
  }
}
