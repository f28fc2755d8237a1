import { Module } from '@nestjs/common';
import { ClustersModule } from '../clusters/clusters.module';
import { WorkProjectionService } from './work-projection.service';
import { WorkResolver } from './work.resolver';

@Module({ imports: [ClustersModule], providers: [WorkResolver, WorkProjectionService], exports: [WorkProjectionService] })
export class WorkModule {}
