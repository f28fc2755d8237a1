import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { shippedTemplateFiles } from '../../apps/api/src/demo/shipped-templates';

const DIR = join(__dirname, '../../templates');

/**
 * The sources to publish, in order, for one shipped template: its earlier shipped versions
 * (templates/previous/<key>.v<N>.yaml, oldest first), then the current templates/<key>.yaml.
 * A version whose `migration` names an earlier one is published only once that one is.
 */
export function shippedTemplate(key: string): string[] {
  const files = shippedTemplateFiles(DIR).filter((f) => f === `${key}.yaml` || f.startsWith(join('previous', `${key}.v`)));
  return files.map((f) => readFileSync(join(DIR, f), 'utf8'));
}
