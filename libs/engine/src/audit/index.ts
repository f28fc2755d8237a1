export * from './hash';
export * from './chain';
export * from './head';
export * from './projections';
