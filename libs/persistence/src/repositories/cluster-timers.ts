import type { Queryable } from './notification.repository';

/** A cluster whose `expires` or `escalate` time may be up, with the phase visit the time was set for. */
export interface ClusterTimerCandidate {
  agency: string;
  clusterId: string;
  /** The phase visit (`PhaseVisitState.n`) the cluster was in when found. */
  visit: number;
}

/**
 * When a timer counted from `entered` (timestamptz) is up: `after` (an ISO 8601 duration, text)
 * added in UTC calendar arithmetic (months first, the day clamped to a shorter month's end, then
 * days and time: like the engine's addDuration), plus `suspendedMs` milliseconds of suspension.
 */
export const timerUpAtSql = (entered: string, after: string, suspendedMs: string): string =>
  `((${entered} at time zone 'UTC') + (${after})::interval) at time zone 'UTC' + make_interval(secs => coalesce(${suspendedMs}, 0) / 1000)`;

/** At most this many clusters per run of the timers job; the next minute's run takes the rest. */
export const MAX_TIMER_CLUSTERS_PER_RUN = 500;

/**
 * The clusters, of every agency, for which a template language version 2 timer may be due at
 * `now`: active (not suspended, not finished), in a phase with `expires`, or a `from` phase of
 * a gate with `escalate` not yet escalated in the current visit, whose duration counted from
 * the visit's start (`entered_phase_at`, in UTC calendar arithmetic like the engine's) plus the
 * visit's suspended time has passed. A sieve only: the engine decides each one again under the
 * cluster's lock (`decideTimer`), with the gate's readiness, so it may find nothing to do.
 */
export async function clusterTimerCandidates(db: Queryable, now: Date, limit = MAX_TIMER_CLUSTERS_PER_RUN): Promise<ClusterTimerCandidate[]> {
  const { rows } = await db.query<{ agency: string; id: string; visit: number }>(
    `select c.agency, c.id, jsonb_array_length(c.snapshot->'visits') as visit
       from cluster c
       join programme_template t on t.id = c.template_id
      where c.status = 'ACTIVE'
        and exists (
          select 1
            from (select p->'expires'->>'after' as after
                    from jsonb_array_elements(t.definition::jsonb->'phases') p
                   where p->>'id' = c.phase and jsonb_typeof(p->'expires') = 'object'
                  union all
                  select g->'escalate'->>'after'
                    from jsonb_array_elements(t.definition::jsonb->'gates') g
                   where jsonb_typeof(g->'escalate') = 'object' and g->'from' ? c.phase
                     and not coalesce((c.snapshot->'visits'->-1->'escalated') ? (g->>'id'), false)) timer
           where ${timerUpAtSql('c.entered_phase_at', 'timer.after', "(c.snapshot->'visits'->-1->>'suspendedMs')::float8")} <= $1::timestamptz)
      order by c.entered_phase_at
      limit $2::int`,
    [now.toISOString(), limit],
  );
  return rows.map((r) => ({ agency: r.agency, clusterId: r.id, visit: Number(r.visit) }));
}
