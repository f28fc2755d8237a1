export * from './errors';
export * from './template';
