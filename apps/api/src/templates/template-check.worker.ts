/**
 * The worker thread that checks templates (template-checker.ts): parsing, the schema, the
 * semantic checks and the diagram run here, so a large template never holds up the
 * server's other requests. One message in, one message out.
 */
import { parentPort } from 'node:worker_threads';
import { checkMigrationSource, loadTemplate, toMermaid, type TemplateDefinition } from '@clusterflow/engine';
import type { CheckTask, CheckOutcome } from './template-checker';

function run(task: CheckTask): CheckOutcome {
  if (task.kind === 'validate') {
    const { template, errors, warnings } = loadTemplate(task.source);
    const valid = !!template && errors.length === 0;
    return { kind: 'validate', valid, errors, warnings, diagram: valid ? toMermaid(template) : null, template };
  }
  return { kind: 'migration', ...checkMigrationSource(task.source, task.template as TemplateDefinition, task.previous as TemplateDefinition | null) };
}

parentPort?.on('message', (message: { id: number; task: CheckTask }) => {
  parentPort!.postMessage({ id: message.id, outcome: run(message.task) });
});
