import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../command';

/** node:util parseArgs, with its errors turned into usage errors. */
export function parse<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}
