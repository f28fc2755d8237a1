import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

type Collect = (options?: { type?: 'major' | 'minor' }) => void;
let collect: Collect | null | undefined;

/**
 * Collects garbage now. A 1 GiB stream leaves a buffer (socket reads, chunks) or a string (a
 * chunk read as hex) behind for every piece it moves; V8 collects them only once about 64 MB of
 * such memory is dead, so a server streaming files grows by that much. Calling this every few
 * MiB keeps the growth to a few MiB: `minor` (a scavenge, well under a millisecond) frees young
 * buffers, `major` also the large strings. A no-op where V8 will not expose its collector.
 */
export function collectGarbage(type: 'major' | 'minor'): void {
  if (collect === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      collect = runInNewContext('gc') as Collect;
    } catch {
      collect = null;
    }
  }
  collect?.({ type });
}

/** Calls collectGarbage(type) once every `every` bytes counted with `add`. */
export function garbageMeter(type: 'major' | 'minor', every: number): { add(bytes: number): void } {
  let since = 0;
  return {
    add(bytes: number) {
      since += bytes;
      if (since < every) return;
      since = 0;
      collectGarbage(type);
    },
  };
}
