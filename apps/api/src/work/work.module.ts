import { Module } from '@nestjs/common';
import { WorkProjectionService } from './work-projection.service';
import { WorkResolver } from './work.resolver';

/** myWork and its projection's start-up backfill (the services and repositories are global). */
@Module({ providers: [WorkResolver, WorkProjectionService], exports: [WorkProjectionService] })
export class WorkModule {}
