import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Principal } from './principal';

export const IS_PUBLIC = 'clusterflow:public';

/** Marks a resolver or route as reachable without a token (only `health`). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** The request object, whether the call came over GraphQL or plain HTTP. */
export function requestOf(context: ExecutionContext): { headers: Record<string, string | string[] | undefined>; user?: Principal } {
  if (context.getType<string>() === 'graphql') return GqlExecutionContext.create(context).getContext().req;
  return context.switchToHttp().getRequest();
}

/** The verified caller, put on the request by the AuthGuard. */
export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const user = requestOf(context).user;
  if (!user) throw new Error('CurrentUser used on a route the AuthGuard does not protect');
  return user;
});
