import type { Task, TaskList } from 'graphile-worker';
import { clusterPath, isMailLanguage, type MailLanguage } from '@clusterflow/engine';
import {
  digestNotifications,
  enqueueDigests,
  fireDueTimers,
  isNotifyPayload,
  Jobs,
  mailableNotification,
  markEmailed,
  recordNoticeBatch,
  recordNotices,
  type Queryable,
} from '@clusterflow/persistence';
import type { Mailer } from './mailer';

/**
 * The notification jobs (graphile-worker tasks), run by the server's workers:
 * - `notify` (enqueued by a command, in its transaction): the notices become notifications,
 *   each person's mail job enqueued in the same statement;
 * - `mail`: one notification to a person whose EmailMode is IMMEDIATE (checked when sent);
 * - `timers` (every minute, from the queue's schedule): DUE_SOON and OVERDUE to the CDAs, then
 *   the template's `escalate` and `expires` (ESCALATED, PHASE_EXPIRED: events the system records
 *   through the command pipeline, `clusterTimers`);
 * - `digest` (daily, from the queue's schedule) and `digest_mail`: one mail per person with
 *   DAILY_DIGEST, collecting what was not mailed from the day before.
 * A notification is mailed until the SMTP server accepts it, and then recorded (`emailed_at`),
 * so it is never mailed again: a job retried after that finds it recorded.
 */
export interface NotificationJobDeps {
  /** null without SMTP_URL and MAIL_FROM: in-app only. */
  mailer: Mailer | null;
  /** Where the console is, for links (PUBLIC_URL). */
  publicUrl: string;
  /** Records the escalations and phase expiries due now (ClustersService.fireTimers per cluster found due); how many events. */
  clusterTimers?: (client: Queryable) => Promise<number>;
}

export function notificationTasks({ mailer, publicUrl, clusterTimers }: NotificationJobDeps): TaskList {
  const link = (clusterId: string | null) => (clusterId ? `${publicUrl}${clusterPath(clusterId)}` : publicUrl);

  // A list of commands' notices (the outbox relay's batch job, job-outbox.ts), or one: written
  // together in two statements; when that fails, entry by entry, and only the entries that
  // failed are tried again (one result per entry).
  const notify: Task = async (payload, helpers) => {
    const list = Array.isArray(payload) ? payload : [payload];
    const results = await helpers.withPgClient(async (client) => {
      const valid = list.filter(isNotifyPayload);
      let together = false;
      if (valid.length > 1) {
        try {
          await recordNoticeBatch(client, valid, mailer !== null);
          together = true;
        } catch {
          // One of them may be at fault: each on its own below.
        }
      }
      const out: Promise<void>[] = [];
      for (const p of list) {
        try {
          if (!isNotifyPayload(p)) throw new Error('notify: not a notify payload');
          if (!together) await recordNotices(client, p, mailer !== null);
          out.push(Promise.resolve());
        } catch (e) {
          const failed = Promise.reject(e);
          failed.catch(() => undefined); // handled: graphile-worker reads it with allSettled
          out.push(failed);
        }
      }
      return out;
    });
    return Array.isArray(payload) ? results : results[0];
  };

  const mail: Task = async (payload, helpers) => {
    const p = payload as { agency?: string; notificationId?: string };
    if (!mailer || typeof p.agency !== 'string' || typeof p.notificationId !== 'string') return;
    const n = await helpers.withPgClient((client) => mailableNotification(client, p.agency!, p.notificationId!));
    // Mailed already, or the person chose otherwise since (a digest or nothing), or has no address.
    if (!n || n.emailedAt || n.emailMode !== 'IMMEDIATE' || !n.email) return;
    const say = MAIL[mailLanguage(n.language)];
    await mailer.send({
      to: n.email,
      subject: n.title,
      text: `${say.greeting(n.name)}${n.body}\n\n${link(n.clusterId)}\n\n-- \n${say.eachFooter}\n`,
      messageId: `<notification.${n.id}@clusterflow>`,
    });
    await helpers.withPgClient((client) => markEmailed(client, n.agency, [n.id]));
  };

  const digest: Task = async (payload, helpers) => {
    if (!mailer) return;
    const until = untilOf(payload);
    await helpers.withPgClient((client) => enqueueDigests(client, until));
  };

  const digestMail: Task = async (payload, helpers) => {
    const p = payload as { agency?: string; userId?: string; until?: string };
    if (!mailer || typeof p.agency !== 'string' || typeof p.userId !== 'string') return;
    const until = untilOf(p);
    const list = await helpers.withPgClient((client) => digestNotifications(client, p.agency!, p.userId!, until));
    const first = list[0];
    if (!first || first.emailMode !== 'DAILY_DIGEST' || !first.email) return;
    const day = until.toISOString().slice(0, 10);
    const items = list.map((n) => `* ${n.title}\n  ${n.body}\n  ${link(n.clusterId)}`).join('\n\n');
    // The digest's own sentences in the person's chosen language (its items each in theirs).
    const say = MAIL[mailLanguage(first.chosenLanguage)];
    await mailer.send({
      to: first.email,
      subject: say.digestSubject(list.length, day),
      text: `${say.greeting(first.name)}${say.digestIntro(until.toISOString().slice(0, 16).replace('T', ' '))}\n\n${items}\n\n-- \n${say.digestFooter}\n`,
      messageId: `<digest.${first.id}.${list.length}@clusterflow>`,
    });
    await helpers.withPgClient((client) => markEmailed(client, p.agency!, list.map((n) => n.id)));
  };

  const timers: Task = async (payload, helpers) => {
    await helpers.withPgClient((client) => fireDueTimers(client, untilOf(payload), mailer !== null));
    if (clusterTimers) await helpers.withPgClient((client) => clusterTimers(client));
  };

  return { [Jobs.TIMERS]: timers, [Jobs.NOTIFY]: notify, [Jobs.MAIL]: mail, [Jobs.DIGEST]: digest, [Jobs.DIGEST_MAIL]: digestMail };
}

/** A mail's own sentences (around the notifications' titles and bodies), per language. */
const MAIL: Record<MailLanguage, { greeting(name: string | null): string; eachFooter: string; digestSubject(n: number, day: string): string; digestIntro(until: string): string; digestFooter: string }> = {
  en: {
    greeting: (name) => (name ? `Hello ${name},\n\n` : ''),
    eachFooter: 'Clusterflow: you get a mail for each notification. Choose a daily digest or none in the console.',
    digestSubject: (n, day) => `Clusterflow: ${n} notification${n === 1 ? '' : 's'} (${day})`,
    digestIntro: (until) => `What happened in your clusters in the day up to ${until} UTC:`,
    digestFooter: 'Clusterflow: you get one mail a day. Choose a mail for each notification, or none, in the console.',
  },
  fr: {
    greeting: (name) => (name ? `Bonjour ${name},\n\n` : ''),
    eachFooter: 'Clusterflow : vous recevez un courriel par notification. Choisissez un résumé quotidien ou aucun courriel dans la console.',
    digestSubject: (n, day) => `Clusterflow : ${n} notification${n === 1 ? '' : 's'} (${day})`,
    digestIntro: (until) => `Ce qui s’est passé dans vos clusters dans la journée jusqu’au ${until} UTC :`,
    digestFooter: 'Clusterflow : vous recevez un courriel par jour. Choisissez un courriel par notification, ou aucun, dans la console.',
  },
};

/** The language of a mail's own sentences: the notification's (or the person's) when written in it, else English. */
const mailLanguage = (language: string | null): MailLanguage => (isMailLanguage(language) ? language : 'en');

/** The end of the digest's day: the schedule's time (graphile-worker's `_cron.ts`), a given `until`, or now. */
function untilOf(payload: unknown): Date {
  const p = payload as { _cron?: { ts?: string }; until?: string } | null;
  const raw = p?._cron?.ts ?? p?.until;
  const at = raw ? new Date(raw) : new Date();
  return Number.isNaN(at.getTime()) ? new Date() : at;
}
