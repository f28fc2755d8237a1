export * from './hash';
export * from './chain';
export * from './head';
