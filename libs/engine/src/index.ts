export * from './errors';
export * from './template';
export * from './cluster';
export * from './audit';
