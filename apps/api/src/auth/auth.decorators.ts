import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Principal } from '@clusterflow/application/auth/principal';

export const IS_PUBLIC = 'clusterflow:public';

/** Marks a resolver or route as reachable without a token (only `health`). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/**
 * The request object, whether the call came over GraphQL or plain HTTP. A subscription over
 * WebSocket (graphql-ws) has no HTTP request per operation: its context carries a request-like
 * object made when the connection was authenticated from `connectionParams.authorization`,
 * with the verified `user` already on it (live/graphql-ws.ts).
 */
export function requestOf(context: ExecutionContext): { headers: Record<string, string | string[] | undefined>; user?: Principal } {
  if (context.getType<string>() === 'graphql') {
    const req = GqlExecutionContext.create(context).getContext()?.req;
    // A GraphQL context without a request (a transport nobody authenticated) holds no identity.
    return req ?? { headers: {} };
  }
  return context.switchToHttp().getRequest();
}

/** The verified caller, put on the request by the AuthGuard. */
export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const user = requestOf(context).user;
  if (!user) throw new Error('CurrentUser used on a route the AuthGuard does not protect');
  return user;
});
