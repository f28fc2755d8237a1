import { Module } from '@nestjs/common';
import { ClustersResolver, DecisionsResolver } from './clusters.resolver';
import { MigrationsResolver } from './migrations.resolver';
import { ClusterViewerResolver } from './viewer.resolver';

/** The clusters' GraphQL: the services are the application layer's (ApplicationModule). */
@Module({ providers: [ClustersResolver, ClusterViewerResolver, DecisionsResolver, MigrationsResolver] })
export class ClustersModule {}
