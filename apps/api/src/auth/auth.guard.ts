import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError, ErrorCode } from '@clusterflow/engine';
import { IS_PUBLIC, requestOf } from './auth.decorators';
import { TokenService } from '@clusterflow/application/auth/token.service';
import type { Principal } from '@clusterflow/application/auth/principal';
import { PeopleService } from '@clusterflow/application/people/people.service';

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
    const known = !!req.user;
    const user = await authenticate(this.tokens, req);
    if (!known) await this.people.seen(user);
    return true;
  }
}

/**
 * The request's principal: verified from its `Authorization: Bearer <JWT>` header once, then
 * kept on the request. UNAUTHENTICATED without a valid token.
 */
export async function authenticate(tokens: TokenService, req: { headers: Record<string, string | string[] | undefined>; user?: Principal }): Promise<Principal> {
  if (req.user) return req.user;
  const header = req.headers['authorization'];
  const value = Array.isArray(header) ? header[0] : header;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(value ?? '');
  if (!match) {
    throw new DomainError(ErrorCode.UNAUTHENTICATED, value ? 'the Authorization header must be "Bearer <token>"' : 'a bearer token is required');
  }
  req.user = await tokens.verify(match[1]);
  return req.user;
}
