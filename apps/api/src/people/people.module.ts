import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { PeopleResolver } from './people.resolver';

@Module({ imports: [AuthModule], providers: [PeopleResolver] })
export class PeopleModule {}
