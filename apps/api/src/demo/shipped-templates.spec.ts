import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTemplate } from '@clusterflow/engine';
import { shippedTemplateFiles, shippedTemplatesDir } from './shipped-templates';

describe('the shipped templates, in publishing order', () => {
  it('lists earlier versions first (by key, oldest version first), then the current files; other files are left out', () => {
    const dir = mkdtempSync(join(tmpdir(), 'shipped-'));
    try {
      mkdirSync(join(dir, 'previous'));
      for (const f of ['b.v2.yaml', 'b.v10.yaml', 'a.v1.yaml', 'notes.txt', 'stray.yaml']) writeFileSync(join(dir, 'previous', f), '');
      for (const f of ['b.yaml', 'a.yaml', 'README.md']) writeFileSync(join(dir, f), '');
      expect(shippedTemplateFiles(dir)).toEqual([join('previous', 'a.v1.yaml'), join('previous', 'b.v2.yaml'), join('previous', 'b.v10.yaml'), 'a.yaml', 'b.yaml']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('every file is valid; an earlier version is named after its key and version; a migration names a version published before it', () => {
    const dir = shippedTemplatesDir();
    const published = new Set<string>();
    for (const file of shippedTemplateFiles(dir)) {
      const { template, errors } = loadTemplate(readFileSync(join(dir, file), 'utf8'));
      expect({ file, errors }).toEqual({ file, errors: [] });
      const name = file.replace(/^previous[\\/]/, '');
      expect(name).toBe(file === name ? `${template!.key}.yaml` : `${template!.key}.v${template!.version}.yaml`);
      if (template!.migration) expect({ file, from: published.has(`${template!.key}@${template!.migration.from}`) }).toEqual({ file, from: true });
      published.add(`${template!.key}@${template!.version}`);
    }
    expect(published.has('india-mse-cdp@1') && published.has('india-mse-cdp@2')).toBe(true);
    for (const key of ['unido-cda', 'unido-export-consortium']) expect([published.has(`${key}@1`), published.has(`${key}@2`)]).toEqual([true, true]);
  });
});
