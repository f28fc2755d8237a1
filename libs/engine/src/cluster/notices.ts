/**
 * Who is told what after a command (contract v2, "Notifications"): pure, from the event the
 * command recorded, the cluster after it and its open work (`openWork`, whose audiences come
 * from probing `decide`, so "who could approve" is the rules' own answer, never a copy).
 *
 * A notice names its people as audience keys (`role`: anyone of the agency holding it;
 * `role@user`: that person) and user ids, minus `except`; the actor is never told. A notice
 * tied to a work item (`workKey`) is sent only when that item is new with this command: the
 * store checks that against the items open before it, in the command's own statement.
 */
import type { TemplateDefinition } from '../template/types';
import { AGENCY_ADMIN, CDA } from '../roles';
import { isForwardGate, requiresNothing, targetOf } from './readiness';
import type { ClusterEvent, ClusterState } from './types';
import type { WorkEntry } from './viewer';

export const NOTIFICATION_KINDS = [
  'DECISION_REQUESTED',
  'REJECTED',
  'GATE_READY',
  'GATE_PASSED',
  'DUE_SOON',
  'OVERDUE',
  'ESCALATED',
  'PHASE_EXPIRED',
  'CONDITION_OPEN',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface Notice {
  kind: NotificationKind;
  /** Audience keys as in `WorkAudience.keys`. */
  keys: string[];
  /** People told by id (the cluster's CDAs, a submitter). */
  users: string[];
  /** People not told although a key reaches them (the actor, a submitter, those who already approved). */
  except: string[];
  /** Told only when this work item was not open before the command. */
  workKey: string | null;
  /** In the template's default language (its titles; the sentences in English unless that language is one of MAIL_LANGUAGES). */
  title: string;
  body: string;
  /**
   * The same notice in each language the template gives titles in (`languages`), keyed by
   * language: what a person who chose that language gets (in the console and by mail).
   * Absent for a template without `languages` (its titles have one language).
   */
  texts?: Record<string, { title: string; body: string }>;
  /** The language of `title` and `body` (the template's default) when the template gives `languages`. */
  language?: string;
}

/** The languages notification sentences are written in (the console's languages). Others fall back to English. */
export const MAIL_LANGUAGES = ['en', 'fr'] as const;
export type MailLanguage = (typeof MAIL_LANGUAGES)[number];
export const isMailLanguage = (v: unknown): v is MailLanguage => (MAIL_LANGUAGES as readonly unknown[]).includes(v);

/** A template's default language: the first of its `languages`, else English. */
export const defaultLanguage = (def: Pick<TemplateDefinition, 'languages'>): string => def.languages?.[0] ?? 'en';

/**
 * A notice's title and body for a person who chose `language` (null: none): in that language
 * when the template gives it (the notice has it among `texts`), else in the template's default.
 */
export function noticeText(notice: Pick<Notice, 'title' | 'body' | 'texts' | 'language'>, language: string | null | undefined): { title: string; body: string; language: string | null } {
  const text = language ? notice.texts?.[language] : undefined;
  if (text) return { ...text, language: language ?? null };
  return { title: notice.title, body: notice.body, language: notice.language ?? null };
}

/** The console's page of a cluster (apps/console routes), relative to the server. */
export const clusterPath = (clusterId: string): string => `/clusters/${clusterId}`;

/** Titles in `language` where the template's title maps give them, else the default language's. */
function titlesIn(def: TemplateDefinition, language: string) {
  const map = def.titles?.[language];
  const local = (path: string, fallback: string) => (typeof map?.[path] === 'string' && map[path] ? map[path] : fallback);
  return {
    phase: (id: string) => local(`phases.${id}.title`, def.phases.find((p) => p.id === id)?.title ?? id),
    target(id: string) {
      const i = def.gates.findIndex((g) => g.id === id);
      if (i >= 0) return local(`gates[${i}].title`, def.gates[i].title);
      for (const phase of def.phases) {
        const m = phase.milestones.find((x) => x.id === id);
        if (m) return local(`phases.${phase.id}.milestones.${id}.title`, m.title);
      }
      return targetOf(def, id)?.title ?? id;
    },
    role: (id: string) => local(`roles.${id}.title`, def.roles[id]?.title ?? id),
  };
}

type Titles = ReturnType<typeof titlesIn>;
interface VersionRef {
  number: number;
  title: string;
}

/** The sentences of each notification kind, per language (the titles come from the template). */
interface Phrases {
  rejected(a: { cluster: string; version?: VersionRef; target: string; by: string; role: string; comment: string | null }): { title: string; body: string };
  passed(a: { cluster: string; target: string; from: string; to: string }): { title: string; body: string };
  escalated(a: { cluster: string; target: string; after: string; phase: string; role: string }): { title: string; body: string };
  expired(a: { cluster: string; from: string; to: string; after: string }): { title: string; body: string };
  requested(a: { cluster: string; version?: VersionRef; target: string; role: string; phase: string }): { title: string; body: string };
  ready(a: { cluster: string; target: string; from: string; to: string }): { title: string; body: string };
}

const PHRASES: Record<MailLanguage, (t: Titles) => Phrases> = {
  en: () => ({
    rejected: ({ cluster, version, target, by, role, comment }) => {
      const what = version ? `version ${version.number} of “${version.title}”` : `“${target}”`;
      return {
        title: `Rejected: ${what} of ${cluster}`,
        body: `${by} (${role}) rejected ${what} for “${target}” of ${cluster}.${comment ? ` Their comment: ${comment}` : ''}`,
      };
    },
    passed: ({ cluster, target, from, to }) => ({ title: `${cluster} passed “${target}”`, body: `${cluster} moved from ${from} to ${to} through “${target}”.` }),
    escalated: ({ cluster, target, after, phase, role }) => ({
      title: `Escalated: “${target}” of ${cluster}`,
      body: `“${target}” of ${cluster} is still not met after ${after} in ${phase} (not counting suspension). You are told as ${role}.`,
    }),
    expired: ({ cluster, from, to, after }) => ({
      title: `${cluster}: ${from} expired`,
      body: `${cluster} spent ${after} in ${from} (not counting suspension), so the system moved it to ${to}.`,
    }),
    requested: ({ cluster, version, target, role, phase }) => ({
      title: `Decision requested: ${target} of ${cluster}`,
      body: version
        ? `Version ${version.number} of “${version.title}” waits for a decision as ${role} on “${target}” of ${cluster} (${phase}).`
        : `“${target}” of ${cluster} (${phase}) waits for a decision as ${role}.`,
    }),
    ready: ({ cluster, target, from, to }) => ({
      title: `${cluster} is ready to pass “${target}”`,
      body: `Every requirement of “${target}” is met: ${cluster} can move from ${from} to ${to}.`,
    }),
  }),
  fr: (titles) => ({
    rejected: ({ cluster, version, target, by, role, comment }) => {
      const what = version ? `la version ${version.number} de « ${version.title} »` : `« ${target} »`;
      return {
        title: `Rejet : ${what} de ${cluster}`,
        body: `${by} (${titles.role(role)}) a rejeté ${what} pour « ${target} » de ${cluster}.${comment ? ` Son commentaire : ${comment}` : ''}`,
      };
    },
    passed: ({ cluster, target, from, to }) => ({ title: `${cluster} a franchi « ${target} »`, body: `${cluster} est passé de ${from} à ${to} par « ${target} ».` }),
    escalated: ({ cluster, target, after, phase, role }) => ({
      title: `Escalade : « ${target} » de ${cluster}`,
      body: `« ${target} » de ${cluster} n’est toujours pas rempli après ${after} en ${phase} (suspension non comptée). Vous êtes informé en tant que ${role}.`,
    }),
    expired: ({ cluster, from, to, after }) => ({
      title: `${cluster} : ${from} a expiré`,
      body: `${cluster} est resté ${after} en ${from} (suspension non comptée) ; le système l’a donc fait passer à ${to}.`,
    }),
    requested: ({ cluster, version, target, role, phase }) => ({
      title: `Décision demandée : ${target} de ${cluster}`,
      body: version
        ? `La version ${version.number} de « ${version.title} » attend une décision en tant que ${titles.role(role)} sur « ${target} » de ${cluster} (${phase}).`
        : `« ${target} » de ${cluster} (${phase}) attend une décision en tant que ${titles.role(role)}.`,
    }),
    ready: ({ cluster, target, from, to }) => ({
      title: `${cluster} est prêt à franchir « ${target} »`,
      body: `Toutes les exigences de « ${target} » sont remplies : ${cluster} peut passer de ${from} à ${to}.`,
    }),
  }),
};

/**
 * The notices a recorded event gives rise to. `work`: the cluster's open work after the event.
 * Titles and bodies are sentences in the template's default language (its titles; English
 * sentences unless that language is one of MAIL_LANGUAGES), naming the cluster; with `texts`
 * in each of the template's `languages` when it gives several.
 */
export function noticesOf(def: TemplateDefinition, event: ClusterEvent, state: ClusterState, work: readonly WorkEntry[]): Notice[] {
  const main = defaultLanguage(def);
  const notices = noticesIn(def, main, event, state, work);
  const others = (def.languages ?? []).filter((l) => l !== main);
  if (!def.languages?.length) return notices;
  const translated = others.map((l) => [l, noticesIn(def, l, event, state, work)] as const);
  return notices.map((n, i) => ({
    ...n,
    language: main,
    texts: Object.fromEntries([[main, { title: n.title, body: n.body }], ...translated.map(([l, list]) => [l, { title: list[i].title, body: list[i].body }])]),
  }));
}

/** The notices with their sentences in `language` (English sentences where it has none) and the template's titles in it. */
function noticesIn(def: TemplateDefinition, language: string, event: ClusterEvent, state: ClusterState, work: readonly WorkEntry[]): Notice[] {
  const titles = titlesIn(def, language);
  const say = PHRASES[isMailLanguage(language) ? language : 'en'](titles);
  const phaseTitle = (_def: TemplateDefinition, id: string) => titles.phase(id);
  const targetTitle = (_def: TemplateDefinition, id: string) => titles.target(id);
  const notices: Notice[] = [];
  const actor = event.actor;
  const cluster = state.name;
  const cdas = state.cdaIds;
  const base = { keys: [] as string[], users: [] as string[], except: [actor], workKey: null as string | null };

  if (event.type === 'DECIDED' && event.payload.outcome === 'REJECT') {
    const p = event.payload;
    const version = p.artefactVersionId ? state.artefacts.flatMap((a) => a.versions).find((v) => v.id === p.artefactVersionId) : undefined;
    notices.push({
      ...base,
      kind: 'REJECTED',
      users: [...new Set([...(version ? [version.submittedBy] : []), ...cdas])],
      ...say.rejected({ cluster, version, target: targetTitle(def, p.gate), by: event.actorName ?? actor, role: p.role, comment: p.comment }),
    });
  }
  if (event.type === 'ADVANCED') {
    const p = event.payload;
    notices.push({
      ...base,
      kind: 'GATE_PASSED',
      users: [...cdas],
      ...say.passed({ cluster, target: targetTitle(def, p.gate), from: phaseTitle(def, p.from), to: phaseTitle(def, p.to) }),
    });
  }
  if (event.type === 'ESCALATED') {
    const p = event.payload;
    const role = def.roles[p.role];
    const visit = state.visits.find((v) => v.n === p.visit);
    notices.push({
      ...base,
      kind: 'ESCALATED',
      // The role the gate's `escalate` names: the cluster's CDAs, those assigned to a cluster-scoped role, or the agency's holders.
      ...(p.role === CDA
        ? { users: [...cdas] }
        : role?.scope === 'cluster'
          ? { keys: state.roleAssignments.filter((a) => a.role === p.role).map((a) => `${p.role}@${a.userId}`) }
          : { keys: [p.role] }),
      ...say.escalated({ cluster, target: targetTitle(def, p.gate), after: p.after, phase: phaseTitle(def, visit?.phase ?? state.phase), role: role ? titles.role(p.role) : p.role }),
    });
  }
  if (event.type === 'PHASE_EXPIRED') {
    const p = event.payload;
    notices.push({
      ...base,
      kind: 'PHASE_EXPIRED',
      keys: [AGENCY_ADMIN],
      users: [...cdas],
      ...say.expired({ cluster, from: phaseTitle(def, p.from), to: phaseTitle(def, p.to), after: p.after }),
    });
  }
  if (state.status === 'ACTIVE' && !state.suspension) {
    for (const w of work) {
      if (w.kind === 'DECIDE') {
        const version = w.artefactVersionId ? state.artefacts.flatMap((a) => a.versions).find((v) => v.id === w.artefactVersionId) : undefined;
        notices.push({
          kind: 'DECISION_REQUESTED',
          keys: [...w.audience.keys],
          users: [],
          except: [...new Set([...w.audience.except, actor])],
          workKey: w.key,
          ...say.requested({ cluster, version, target: targetTitle(def, w.gate ?? w.milestone ?? ''), role: w.role ?? '', phase: phaseTitle(def, state.phase) }),
        });
      } else if (w.kind === 'ADVANCE' && (w.notBefore === null || w.notBefore <= event.at)) {
        const gate = def.gates.find((g) => g.id === w.gate);
        // A way off the main path that asks for nothing (a loop back or an exit open at any time) is a
        // choice, not news: it is ready on entering the phase and would be announced on every visit.
        if (gate && requiresNothing(gate.requires) && !isForwardGate(def, gate, state.phase)) continue;
        notices.push({
          ...base,
          kind: 'GATE_READY',
          users: [...cdas],
          workKey: w.key,
          ...say.ready({ cluster, target: targetTitle(def, w.gate ?? ''), from: phaseTitle(def, state.phase), to: phaseTitle(def, gate?.to ?? '') }),
        });
      }
    }
  }
  return notices;
}
