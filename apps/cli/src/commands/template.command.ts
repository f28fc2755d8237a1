import { readFileSync } from 'node:fs';
import { loadTemplate, toMermaid, type Problem } from '@clusterflow/engine';
import { UsageError, type Command } from '../command';
import { parse } from './args';

const where = (file: string, p: Problem) => `${file}:${p.line ?? 0}:${p.column ?? 0}`;

function readSource(file: string): Uint8Array | Error {
  try {
    return readFileSync(file);
  } catch (e) {
    return e as Error;
  }
}

export const templateValidateCommand: Command = {
  words: ['template', 'validate'],
  usage: 'template validate <file...>',
  summary: 'check templates; prints file:line:column path message, exits 1 on any error',
  async run(args) {
    const { positionals: files } = parse(args, {}, true);
    if (!files.length) throw new UsageError('name at least one template file');
    let failed = 0;
    for (const file of files) {
      const source = readSource(file);
      if (source instanceof Error) {
        process.stdout.write(`${file}:0:0 (file) cannot read the file (${(source as NodeJS.ErrnoException).code ?? source.message})\n`);
        failed++;
        continue;
      }
      const { errors, warnings } = loadTemplate(source);
      for (const p of errors) process.stdout.write(`${where(file, p)} ${p.path || '(document)'} ${p.message}\n`);
      for (const p of warnings) process.stdout.write(`${where(file, p)} ${p.path || '(document)'} warning: ${p.message}\n`);
      if (errors.length) failed++;
    }
    const ok = files.length - failed;
    process.stderr.write(`${ok} of ${files.length} template${files.length === 1 ? '' : 's'} valid\n`);
    return failed ? 1 : 0;
  },
};

export const templateDiagramCommand: Command = {
  words: ['template', 'diagram'],
  usage: 'template diagram <file>',
  summary: 'print the Mermaid stateDiagram-v2 of a template',
  async run(args) {
    const { positionals } = parse(args, {}, true);
    if (positionals.length !== 1) throw new UsageError('name exactly one template file');
    const file = positionals[0];
    const source = readSource(file);
    if (source instanceof Error) throw new UsageError(`cannot read ${file}: ${source.message}`);
    const { template, errors } = loadTemplate(source);
    if (!template || errors.length) {
      for (const p of errors) process.stderr.write(`${where(file, p)} ${p.path || '(document)'} ${p.message}\n`);
      return 1;
    }
    process.stdout.write(toMermaid(template) + '\n');
    return 0;
  },
};
