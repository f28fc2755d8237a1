import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApplicationModule } from '@clusterflow/application/application.module';
import { AuthGuard } from './auth.guard';

/** The identity guard on every request; TokenService and PeopleService come from the application layer. */
@Module({
  imports: [ApplicationModule],
  providers: [{ provide: APP_GUARD, useClass: AuthGuard }],
  exports: [ApplicationModule],
})
export class AuthModule {}
