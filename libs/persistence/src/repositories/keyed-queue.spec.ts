import { KeyedQueue } from './keyed-queue';

const tick = () => new Promise((r) => setImmediate(r));

describe('KeyedQueue', () => {
  it('runs the tasks of one key one after another, in the order they came', async () => {
    const queue = new KeyedQueue();
    const log: string[] = [];
    let running = 0;
    let most = 0;
    const task = (name: string) => async () => {
      most = Math.max(most, ++running);
      log.push(`start ${name}`);
      await tick();
      log.push(`end ${name}`);
      running--;
      return name;
    };
    const results = await Promise.all(['a', 'b', 'c'].map((n) => queue.run('k', task(n))));
    expect(results).toEqual(['a', 'b', 'c']);
    expect(most).toBe(1);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('runs tasks of different keys side by side', async () => {
    const queue = new KeyedQueue();
    let release!: () => void;
    const blocked = queue.run('a', () => new Promise<void>((r) => (release = r)));
    await expect(queue.run('b', async () => 'b done')).resolves.toBe('b done');
    release();
    await blocked;
  });

  it('hands each caller its own error, and goes on with the next task', async () => {
    const queue = new KeyedQueue();
    const failed = queue.run('k', async () => {
      throw new Error('boom');
    });
    const next = queue.run('k', async () => 'next');
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('next');
  });

  it('forgets a key once its queue has drained', async () => {
    const queue = new KeyedQueue();
    await Promise.all([queue.run('a', async () => 1), queue.run('b', async () => 2)]);
    await tick();
    expect(queue.activeKeys).toBe(0);
  });
});

describe('KeyedQueue limits', () => {
  /** A task that runs until `release()`; `ran` says whether it was ever started. */
  const held = () => {
    let release!: () => void;
    const t = {
      ran: false,
      release: () => release(),
      task: async () => {
        t.ran = true;
        await new Promise<void>((r) => (release = r));
        return 'done';
      },
    };
    return t;
  };

  it('refuses at once, without running it, a task beyond the most that may wait on a key', async () => {
    const queue = new KeyedQueue({ maxWaiting: 2, maxWaitMs: Infinity });
    const running = held();
    const first = queue.run('k', running.task);
    const waiting = [queue.run('k', async () => 'w1'), queue.run('k', async () => 'w2')];
    expect(queue.waiting('k')).toBe(2);

    let ran = false;
    const refused = queue.run('k', async () => {
      ran = true;
    });
    await expect(refused).rejects.toMatchObject({ name: 'KeyedQueueRefusal', key: 'k', reason: 'full', waiting: 2 });
    // Other keys are not limited by this one's queue.
    await expect(queue.run('other', async () => 'other')).resolves.toBe('other');

    running.release();
    await expect(Promise.all([first, ...waiting])).resolves.toEqual(['done', 'w1', 'w2']);
    expect(ran).toBe(false);
    // Once the queue has room again, the key takes tasks again.
    await expect(queue.run('k', async () => 'again')).resolves.toBe('again');
  });

  describe('with a bounded wait', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it('refuses a task whose turn has not come in time, never runs it, and goes on with the next', async () => {
      const queue = new KeyedQueue({ maxWaiting: 10, maxWaitMs: 1000 });
      const running = held();
      const first = queue.run('k', running.task);
      const late = held();
      const lateResult = queue.run('k', late.task);
      const lateError = lateResult.catch((e: unknown) => e);

      jest.advanceTimersByTime(600);
      const next = queue.run('k', async () => 'next'); // queued 600 ms after `late`
      jest.advanceTimersByTime(400);

      expect(await lateError).toMatchObject({ name: 'KeyedQueueRefusal', key: 'k', reason: 'timeout' });
      expect(queue.waiting('k')).toBe(1); // the refused task has left the line; `next` moved up

      running.release();
      await expect(first).resolves.toBe('done');
      await expect(next).resolves.toBe('next');
      expect(late.ran).toBe(false);
    });

    it('does not refuse a task that has started, however long it runs', async () => {
      const queue = new KeyedQueue({ maxWaiting: 10, maxWaitMs: 1000 });
      const running = held();
      const first = queue.run('k', running.task);
      jest.advanceTimersByTime(5000);
      running.release();
      await expect(first).resolves.toBe('done');
      expect(running.ran).toBe(true);
    });
  });
});
