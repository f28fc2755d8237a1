import type { Task, TaskList } from 'graphile-worker';
import { Jobs } from '@clusterflow/persistence';
import type { FilesService } from './files.service';

export interface FileJobDeps {
  files: Pick<FilesService, 'removeUnattached'>;
  /** Says what a run removed (nothing is said when it removed nothing). */
  log: (message: string) => void;
}

/**
 * The `file_cleanup` job (hourly, from the job queue's schedule, so each hour's run happens once
 * across instances): removes the uploads not attached within 24 h of the run's time (the
 * schedule's time, or `until` when enqueued by hand), the content no file names any more and, for
 * FILE_STORE=dir:, temporary files of uploads that never finished. Attached files are never
 * touched (the statement skips them; triggers refuse it anyway). A failed run is retried by the
 * queue; the next hour's run picks up whatever it left.
 */
export function fileTasks({ files, log }: FileJobDeps): TaskList {
  const cleanup: Task = async (payload) => {
    const { files: removed, contents } = await files.removeUnattached(runTimeOf(payload));
    if (removed || contents) log(`removed ${removed} uploads never attached within 24 h (${contents} stored contents freed)`);
  };
  return { [Jobs.FILE_CLEANUP]: cleanup };
}

/** The schedule's time of this run (`_cron.ts`), else `until`, else now. */
function runTimeOf(payload: unknown): Date {
  const p = payload as { _cron?: { ts?: string }; until?: string } | null;
  const raw = p?._cron?.ts ?? p?.until;
  const at = raw ? new Date(raw) : new Date();
  return Number.isNaN(at.getTime()) ? new Date() : at;
}
