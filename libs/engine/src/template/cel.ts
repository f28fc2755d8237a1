/**
 * @marcbachmann/cel-js ships ES modules only. Node 20.19+ `require`s an ES module (the server's
 * CommonJS build does), and jest transforms it (jest.config.js transformIgnorePatterns); the
 * types come from its declarations, read as an ES module.
 */
import type * as Cel from '@marcbachmann/cel-js' with { 'resolution-mode': 'import' };

const cel = require('@marcbachmann/cel-js') as typeof Cel;

export const Environment = cel.Environment;
export type Environment = Cel.Environment;
