import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { DomainError, ErrorCode, type Problem, type TemplateDefinition } from '@clusterflow/engine';

export type CheckTask =
  | { kind: 'validate'; source: string }
  | { kind: 'migration'; source: string; template: TemplateDefinition; previous: TemplateDefinition | null };

export type CheckOutcome =
  | { kind: 'validate'; valid: boolean; errors: Problem[]; warnings: Problem[]; diagram: string | null; template: TemplateDefinition | null }
  | { kind: 'migration'; errors: Problem[]; warnings: Problem[] };

/** Longest a check may run before its worker is stopped and the template refused (every check is linear; 1 MiB takes about 2 s). */
export const TEMPLATE_CHECK_TIMEOUT_MS = 15_000;
/** Template source waiting for the worker, at most; more is SERVICE_UNAVAILABLE (retry later). */
export const MAX_QUEUED_TEMPLATE_BYTES = 16 * 1024 * 1024;
/** Heap of the worker: a template needing more is refused, the server goes on. */
const WORKER_HEAP_MB = 512;

interface Pending {
  id: number;
  task: CheckTask;
  bytes: number;
  resolve(outcome: CheckOutcome): void;
  reject(error: unknown): void;
}

/**
 * Checks templates on one worker thread, one at a time in arrival order, so that however
 * large or numerous the templates sent, the server's own thread stays free for other
 * requests (`health` answers at once). A check that runs longer than
 * TEMPLATE_CHECK_TIMEOUT_MS, or needs more memory than the worker has, stops the worker
 * (a fresh one takes the next) and answers that template with one problem; more than
 * MAX_QUEUED_TEMPLATE_BYTES of source waiting is SERVICE_UNAVAILABLE.
 */
@Injectable()
export class TemplateChecker implements OnModuleDestroy {
  private readonly log = new Logger('TemplateChecker');
  private worker: Worker | null = null;
  private readonly queue: Pending[] = [];
  private running: (Pending & { timer: NodeJS.Timeout }) | null = null;
  private queuedBytes = 0;
  private nextId = 1;
  private closed = false;

  private readonly timeoutMs = TEMPLATE_CHECK_TIMEOUT_MS;

  check(task: CheckTask): Promise<CheckOutcome> {
    if (this.closed) return Promise.reject(new DomainError(ErrorCode.SERVICE_UNAVAILABLE, 'The server is shutting down; retry later'));
    const bytes = task.source.length;
    if (this.queuedBytes + bytes > MAX_QUEUED_TEMPLATE_BYTES && (this.queue.length > 0 || this.running)) {
      return Promise.reject(new DomainError(ErrorCode.SERVICE_UNAVAILABLE, 'The server is checking too many templates now; retry later'));
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, task, bytes, resolve, reject });
      this.queuedBytes += bytes;
      this.pump();
    });
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    const waiting = [...this.queue.splice(0), ...(this.running ? [this.running] : [])];
    for (const p of waiting) p.reject(new DomainError(ErrorCode.SERVICE_UNAVAILABLE, 'The server is shutting down; retry later'));
    if (this.running) clearTimeout(this.running.timer);
    this.running = null;
    await this.worker?.terminate();
    this.worker = null;
  }

  private pump(): void {
    if (this.running || this.closed) return;
    const next = this.queue.shift();
    if (!next) return;
    const worker = this.ensureWorker();
    const timer = setTimeout(() => this.abandon(`the template took longer than ${this.timeoutMs / 1000} s to check`), this.timeoutMs);
    this.running = { ...next, timer };
    worker.postMessage({ id: next.id, task: next.task });
  }

  private finish(outcome: CheckOutcome | null, error?: unknown): void {
    const done = this.running;
    if (!done) return;
    clearTimeout(done.timer);
    this.running = null;
    this.queuedBytes -= done.bytes;
    if (outcome) done.resolve(outcome);
    else done.reject(error);
    this.pump();
  }

  /** Stops the worker in the middle of a check and answers that template with one problem. */
  private abandon(why: string): void {
    const task = this.running?.task;
    if (!task) return;
    this.log.warn(`stopped checking a template of ${task.source.length} characters: ${why}`);
    const worker = this.worker;
    this.worker = null;
    void worker?.terminate();
    this.finish(refusal(task, why));
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = startWorker();
    worker.unref();
    worker.on('message', (m: { id: number; outcome: CheckOutcome }) => {
      if (this.running?.id === m.id) this.finish(m.outcome);
    });
    worker.on('error', (e: Error & { code?: string }) => {
      if (this.worker !== worker) return;
      this.worker = null;
      if (e.code === 'ERR_WORKER_OUT_OF_MEMORY') this.abandon(`checking the template needs more than ${WORKER_HEAP_MB} MB of memory`);
      else {
        this.log.error(`the template check worker failed: ${e.message}`);
        this.finish(null, e);
      }
    });
    worker.on('exit', () => {
      if (this.worker !== worker) return;
      this.worker = null;
      if (this.running) this.finish(null, new Error('the template check worker stopped'));
    });
    this.worker = worker;
    return worker;
  }
}

function refusal(task: CheckTask, why: string): CheckOutcome {
  const errors: Problem[] = [{ path: '', line: null, column: null, message: `${why}; make it smaller` }];
  return task.kind === 'validate' ? { kind: 'validate', valid: false, errors, warnings: [], diagram: null, template: null } : { kind: 'migration', errors, warnings: [] };
}

/**
 * The worker runs the compiled template-check.worker.js next to this file; from the
 * TypeScript sources (the tests), it compiles them on load with swc, as jest does.
 */
function startWorker(): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: WORKER_HEAP_MB };
  if (__filename.endsWith('.js')) return new Worker(join(__dirname, 'template-check.worker.js'), { resourceLimits });
  const bootstrap = `
    const swc = require(${JSON.stringify(require.resolve('@swc/core'))});
    const { swcOptions } = require(${JSON.stringify(join(__dirname, '../../../../swc.config.js'))});
    require.extensions['.ts'] = (module, filename) => {
      const { code } = swc.transformFileSync(filename, { ...swcOptions({ sourceMaps: false }), swcrc: false, filename });
      module._compile(code, filename);
    };
    require(${JSON.stringify(join(__dirname, 'template-check.worker.ts'))});
  `;
  return new Worker(bootstrap, { eval: true, resourceLimits });
}
