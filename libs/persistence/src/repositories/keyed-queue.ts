/**
 * Runs tasks one after another per key, and tasks of different keys side by side.
 *
 * The command path uses it per cluster (cluster-commands.ts): a command holds a pooled
 * connection while it waits for its cluster's row lock, so without it a burst of commands
 * on one cluster would take every connection of the pool (each waiting on the same lock)
 * and starve every other request. Queued here, they wait without a connection, and the
 * burst holds one at a time; the row lock still serializes commands across processes.
 */
export class KeyedQueue {
  /** The last task queued per key (settled or not); a key is dropped when its queue drains. */
  private readonly tails = new Map<string, Promise<void>>();

  /** Keys with a task running or waiting. */
  get activeKeys(): number {
    return this.tails.size;
  }

  /** Runs `task` after every task queued before it on `key` has settled; its result or error is the caller's. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task);
    // The queue's own chain never rejects: one task's failure does not stop the next.
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
