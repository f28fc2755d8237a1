export * from './embedded-postgres';
export * from './entities';
export * from './orm-config';
export * from './database';
export * from './repositories/template.repository';
export { ClusterCommandStore, type CommandTransaction } from './repositories/cluster-commands';
export * from './repositories/cluster.repository';
export * from './free-port';
