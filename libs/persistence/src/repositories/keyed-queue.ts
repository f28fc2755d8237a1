/**
 * Runs tasks one after another per key, and tasks of different keys side by side.
 *
 * The command path uses it per cluster (cluster-commands.ts): a command holds a pooled
 * connection while it waits for its cluster's row lock, so without it a burst of commands
 * on one cluster would take every connection of the pool (each waiting on the same lock)
 * and starve every other request. Queued here, they wait without a connection, and the
 * burst holds one at a time; the row lock still serializes commands across processes.
 *
 * The queue is bounded: at most `maxWaiting` tasks wait per key (the running one aside),
 * and none waits longer than `maxWaitMs` for its turn. A task beyond either bound is
 * refused with a `KeyedQueueRefusal` and never runs, so a burst cannot grow memory without
 * end, and a command whose client has long given up is not run after all.
 */
export interface KeyedQueueLimits {
  /** The most tasks waiting per key, not counting the running one; one more is refused at once. */
  maxWaiting: number;
  /** The longest a task waits for its turn, in milliseconds; past it the task is refused and never runs. */
  maxWaitMs: number;
}

/** Why `run` refused a task (which then never ran): its key's queue was full, or its turn did not come in time. */
export class KeyedQueueRefusal extends Error {
  constructor(
    readonly key: string,
    readonly reason: 'full' | 'timeout',
    /** Tasks waiting on the key when it was refused (for `full`, the limit). */
    readonly waiting: number,
    readonly limits: KeyedQueueLimits,
  ) {
    super(
      reason === 'full'
        ? `queue full: ${waiting} tasks are waiting`
        : `waited ${limits.maxWaitMs} ms for its turn without starting`,
    );
    this.name = 'KeyedQueueRefusal';
  }
}

interface Waiter {
  start(): void;
  timer?: ReturnType<typeof setTimeout>;
}

/** A key with a running task and the tasks waiting after it, oldest first. */
interface Line {
  waiting: Waiter[];
}

export class KeyedQueue {
  /** Keys with a task running; a key is dropped when its queue drains. */
  private readonly lines = new Map<string, Line>();

  constructor(readonly limits: KeyedQueueLimits = { maxWaiting: Infinity, maxWaitMs: Infinity }) {}

  /** Keys with a task running or waiting. */
  get activeKeys(): number {
    return this.lines.size;
  }

  /** Tasks waiting on `key` (the running one aside). */
  waiting(key: string): number {
    return this.lines.get(key)?.waiting.length ?? 0;
  }

  /**
   * Runs `task` after every task queued before it on `key` has settled; its result or error
   * is the caller's. Rejects with a KeyedQueueRefusal, without running `task`, when `key`
   * already has `maxWaiting` tasks waiting (at once) or `task` has waited `maxWaitMs`.
   */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const line = this.lines.get(key);
    if (!line) {
      const fresh: Line = { waiting: [] };
      this.lines.set(key, fresh);
      return this.start(key, fresh, task);
    }
    if (line.waiting.length >= this.limits.maxWaiting) {
      return Promise.reject(new KeyedQueueRefusal(key, 'full', line.waiting.length, this.limits));
    }
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter = {
        start: () => {
          clearTimeout(waiter.timer);
          this.start(key, line, task).then(resolve, reject);
        },
      };
      if (Number.isFinite(this.limits.maxWaitMs)) {
        waiter.timer = setTimeout(() => {
          // Its turn has not come: leave the line (the tasks after it move up) and never run.
          const at = line.waiting.indexOf(waiter);
          if (at < 0) return;
          line.waiting.splice(at, 1);
          reject(new KeyedQueueRefusal(key, 'timeout', line.waiting.length, this.limits));
        }, this.limits.maxWaitMs);
        // A waiting task alone does not keep the process alive (the running one does).
        waiter.timer.unref?.();
      }
      line.waiting.push(waiter);
    });
  }

  /** Runs `task` now as `key`'s running task; when it settles (either way), the next waiting task starts. */
  private start<T>(key: string, line: Line, task: () => Promise<T>): Promise<T> {
    let result: Promise<T>;
    try {
      result = task();
    } catch (e) {
      result = Promise.reject(e);
    }
    // The queue's own chain never rejects: one task's failure does not stop the next.
    const next = () => {
      const waiter = line.waiting.shift();
      if (waiter) waiter.start();
      else this.lines.delete(key);
    };
    void Promise.resolve(result).then(next, next);
    return result;
  }
}
