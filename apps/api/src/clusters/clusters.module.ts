import { Module } from '@nestjs/common';
import { ClustersResolver, DecisionsResolver } from './clusters.resolver';
import { ClustersService } from './clusters.service';
import { MigrationsResolver } from './migrations.resolver';
import { MigrationsService } from './migrations.service';
import { ClusterViewerResolver } from './viewer.resolver';

@Module({ providers: [ClustersResolver, ClusterViewerResolver, DecisionsResolver, MigrationsResolver, ClustersService, MigrationsService], exports: [ClustersService, MigrationsService] })
export class ClustersModule {}
