import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The shipped templates folder: `templates/` at the project root. */
export function shippedTemplatesDir(from = __dirname): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'templates'))) return join(dir, 'templates');
  }
  throw new Error('the shipped templates folder was not found');
}

/**
 * The shipped template files in the order they are published: first the earlier shipped
 * versions kept under `previous/` (`<key>.v<N>.yaml`, by key, oldest version first), so a
 * current version whose `migration` names one of them can be published after it and
 * clusters on it can migrate; then the current `*.yaml`. Paths relative to `dir`.
 */
export function shippedTemplateFiles(dir: string): string[] {
  const yaml = (sub: string) => (existsSync(join(dir, sub)) ? readdirSync(join(dir, sub)).filter((f) => f.endsWith('.yaml')) : []);
  const previous = yaml('previous')
    .map((file) => ({ file, m: /^(.+)\.v(\d+)\.yaml$/.exec(file) }))
    .filter((f) => f.m)
    .sort((a, b) => a.m![1].localeCompare(b.m![1]) || Number(a.m![2]) - Number(b.m![2]))
    .map((f) => join('previous', f.file));
  return [...previous, ...yaml('.').sort()];
}
