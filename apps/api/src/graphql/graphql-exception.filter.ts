import { Catch, type ArgumentsHost } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';

/**
 * GraphQL errors are mapped and logged once, by formatGraphQLError and the error-logging
 * plugin; this keeps Nest's ExceptionsHandler from logging them a second time. Plain HTTP
 * routes keep Nest's default handling.
 */
@Catch()
export class GraphqlExceptionPassthrough extends BaseExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost): unknown {
    if (host.getType<string>() === 'graphql') return exception;
    return super.catch(exception, host);
  }
}
