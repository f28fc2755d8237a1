import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard } from './auth.guard';
import { TokenService } from './token.service';
import { PeopleService } from '../people/people.service';

@Module({
  providers: [TokenService, PeopleService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [TokenService, PeopleService],
})
export class AuthModule {}
