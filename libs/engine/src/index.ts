export * from './errors';
export * from './roles';
export * from './limits';
export * from './template';
export * from './cluster';
export * from './audit';
