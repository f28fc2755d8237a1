import { Module } from '@nestjs/common';
import { ClustersResolver, DecisionsResolver } from './clusters.resolver';
import { ClustersService } from './clusters.service';

@Module({ providers: [ClustersResolver, DecisionsResolver, ClustersService], exports: [ClustersService] })
export class ClustersModule {}
