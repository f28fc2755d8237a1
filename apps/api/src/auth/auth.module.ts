import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApplicationModule } from '@clusterflow/application/application.module';
import { AuthGuard } from './auth.guard';
import { PeopleService } from '../people/people.service';

/** The identity guard on every request; TokenService comes from the application layer. */
@Module({
  imports: [ApplicationModule],
  providers: [PeopleService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [ApplicationModule, PeopleService],
})
export class AuthModule {}
