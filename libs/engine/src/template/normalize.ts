/**
 * Builds the normalized TemplateDefinition from data that passed the schema and the
 * semantic checks: fills defaults (titles, counts, `from` lists, built-in `cda`) and
 * drops extension (`x-`) keys.
 */
import { MAX_FILES_PER_VERSION } from '../limits';
import { moneyText } from './money';
import { titleSlots } from './languages';
import { formatPath } from './template-path';
import { isRecord } from './semantic-checks';
import {
  BUILT_IN_ROLE,
  type Aggregation,
  type ArtefactTypeDefinition,
  type CriterionDefinition,
  type EligibilityThreshold,
  type FieldDefinition,
  type IndicatorDefinition,
  type MigrationDefinition,
  type PhaseDefinition,
  type Requirements,
  type RoleDefinition,
  type RoleScope,
  type ScalarValue,
  type SelectionDefinition,
  type TemplateDefinition,
  type ValueType,
} from './types';

type Raw = Record<string, unknown>;

/** Entries of an id-keyed section; an empty entry (`start:`) means all defaults. */
const entries = (value: unknown): Array<[string, Raw]> =>
  isRecord(value) ? Object.entries(value).map(([id, v]): [string, Raw] => [id, isRecord(v) ? v : {}]) : [];
const titleOf = (raw: Raw, id: string): string => (typeof raw.title === 'string' ? raw.title : id);
const optionalNumber = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);
const rawList = (value: unknown): Raw[] => (Array.isArray(value) ? (value as Raw[]) : []);

export function normalizeTemplate(input: Raw): TemplateDefinition {
  const { data, languages, titles } = defaultTitles(input);
  const phases = normalizePhases(data.phases);
  const template: TemplateDefinition = {
    key: data.key as string,
    version: data.version as number,
    title: titleOf(data, data.key as string),
    ...(languages ? { languages, titles } : {}),
    ...(typeof data.description === 'string' ? { description: data.description } : {}),
    roles: normalizeRoles(data.roles),
    attributes: normalizeFields(data.attributes),
    selection: isRecord(data.selection) ? normalizeSelection(data.selection) : null,
    artefacts: Object.fromEntries(
      entries(data.artefacts).map(([id, raw]): [string, ArtefactTypeDefinition] => [id, normalizeArtefactType(id, raw)]),
    ),
    indicators: Object.fromEntries(
      entries(data.indicators).map(([id, raw]): [string, IndicatorDefinition] => [
        id,
        { id, title: titleOf(raw, id), ...(typeof raw.unit === 'string' ? { unit: raw.unit } : {}), aggregation: raw.aggregation as Aggregation },
      ]),
    ),
    ...(isRecord(data.derived) && Object.keys(data.derived).length
      ? { derived: Object.entries(data.derived).map(([id, expr]) => ({ id, expr: expr as string })) }
      : {}),
    phases,
    gates: rawList(data.gates).map((g) => ({
      id: g.id as string,
      title: titleOf(g, g.id as string),
      from: Array.isArray(g.from) ? [...(g.from as string[])] : [g.from as string],
      to: g.to as string,
      requires: normalizeRequirements(g.requires),
      ...(isRecord(g.escalate) ? { escalate: { after: g.escalate.after as string, to: g.escalate.to as string } } : {}),
    })),
    ...(isRecord(data.migration) ? { migration: normalizeMigration(data.migration) } : {}),
  };
  moneyInWhere(template);
  return template;
}

/** `where` values on money fields as stored amounts (`1000` → `"1000.00"`), so equality holds. */
function moneyInWhere(template: TemplateDefinition): void {
  const fix = (requires: Requirements) => {
    for (const a of requires.artefacts) {
      const fields = template.artefacts[a.type]?.fields ?? {};
      for (const [k, v] of Object.entries(a.where ?? {})) if (fields[k]?.type === 'money') a.where![k] = moneyText(v) ?? v;
    }
  };
  for (const g of template.gates) fix(g.requires);
  for (const p of template.phases) for (const m of p.milestones) fix(m.requires);
}

function normalizeMigration(raw: Raw): MigrationDefinition {
  const phases = isRecord(raw.phases) ? raw.phases : {};
  const gates = isRecord(raw.gates) && Object.keys(raw.gates).length ? raw.gates : null;
  return {
    from: raw.from as number,
    phases: Object.fromEntries(Object.entries(phases).map(([from, to]) => [from, to as string])),
    ...(gates ? { gates: Object.fromEntries(Object.entries(gates).map(([from, to]) => [from, to as string])) } : {}),
  };
}

/**
 * With `languages`: the titles of every language by path, and the data with each title map
 * replaced by its default-language text (what every `title` of the definition holds).
 */
function defaultTitles(input: Raw): { data: Raw; languages: string[] | null; titles: Record<string, Record<string, string>> } {
  if (!Array.isArray(input.languages) || !input.languages.length) return { data: input, languages: null, titles: {} };
  const languages = [...(input.languages as string[])];
  const data = structuredClone(input);
  const titles: Record<string, Record<string, string>> = Object.fromEntries(languages.map((l) => [l, {}]));
  for (const { path, holder } of titleSlots(data)) {
    const at = formatPath([...path, 'title']);
    const title = holder.title;
    if (typeof title === 'string') titles[languages[0]][at] = title;
    else if (isRecord(title)) {
      for (const [l, text] of Object.entries(title)) if (titles[l]) titles[l][at] = text as string;
      holder.title = title[languages[0]];
    }
  }
  return { data, languages, titles };
}

function normalizeRoles(value: unknown): Record<string, RoleDefinition> {
  const roles: Record<string, RoleDefinition> = {};
  for (const [id, raw] of entries(value)) roles[id] = { id, title: titleOf(raw, id), scope: (raw.scope as RoleScope | undefined) ?? 'agency' };
  const cda = roles[BUILT_IN_ROLE];
  roles[BUILT_IN_ROLE] = { id: BUILT_IN_ROLE, title: cda?.title ?? 'Cluster Development Agent', scope: 'cluster' };
  return roles;
}

function normalizeFields(value: unknown): Record<string, FieldDefinition> {
  return Object.fromEntries(
    entries(value).map(([id, raw]): [string, FieldDefinition] => [
      id,
      {
        id,
        type: raw.type as ValueType,
        title: titleOf(raw, id),
        required: raw.required === true,
        ...(optionalNumber(raw.min) !== undefined ? { min: raw.min as number } : {}),
        ...(optionalNumber(raw.max) !== undefined ? { max: raw.max as number } : {}),
        ...(Array.isArray(raw.values) ? { values: [...(raw.values as string[])] } : {}),
        ...(typeof raw.currency === 'string' ? { currency: raw.currency } : {}),
      },
    ]),
  );
}

function normalizeSelection(raw: Raw): SelectionDefinition {
  const scale = raw.scale as { min: number; max: number };
  return {
    scale: { min: scale.min, max: scale.max },
    criteria: Object.fromEntries(
      entries(raw.criteria).map(([id, c]): [string, CriterionDefinition] => [id, { id, title: titleOf(c, id), weight: c.weight as number }]),
    ),
    eligibility: rawList(raw.eligibility).map(
      (t): EligibilityThreshold => ({
        attribute: t.attribute as string,
        ...(optionalNumber(t.min) !== undefined ? { min: t.min as number } : {}),
        ...(optionalNumber(t.max) !== undefined ? { max: t.max as number } : {}),
        ...(t.equals !== undefined ? { equals: t.equals as ScalarValue } : {}),
      }),
    ),
  };
}

function normalizePhases(value: unknown): PhaseDefinition[] {
  const list = entries(value);
  const marked = list.find(([, p]) => p.initial === true)?.[0];
  const initial = marked ?? list[0]?.[0];
  return list.map(([id, p]) => ({
    id,
    title: titleOf(p, id),
    initial: id === initial,
    final: p.final === true,
    ...(typeof p.due === 'string' ? { due: p.due } : {}),
    ...(isRecord(p.expires) ? { expires: { after: p.expires.after as string, to: p.expires.to as string } } : {}),
    milestones: entries(p.milestones).map(([mid, m]) => ({ id: mid, title: titleOf(m, mid), requires: normalizeRequirements(m.requires) })),
  }));
}

export function normalizeRequirements(value: unknown): Requirements {
  const raw = isRecord(value) ? value : {};
  const score = isRecord(raw.score) ? { min: raw.score.min as number } : undefined;
  return {
    artefacts: rawList(raw.artefacts).map((a) => ({
      type: a.type as string,
      count: optionalNumber(a.count) ?? 1,
      ...(isRecord(a.where) ? { where: { ...(a.where as Record<string, ScalarValue>) } } : {}),
    })),
    approvals: rawList(raw.approvals).map((a) => ({
      role: a.role as string,
      count: optionalNumber(a.count) ?? 1,
      ...(typeof a.of === 'string' ? { of: a.of } : {}),
    })),
    ...(score ? { score } : {}),
    ...(raw.eligible === true ? { eligible: true as const } : {}),
    indicators: rawList(raw.indicators).map((i) => ({
      indicator: i.indicator as string,
      ...(optionalNumber(i.min) !== undefined ? { min: i.min as number } : {}),
      ...(optionalNumber(i.max) !== undefined ? { max: i.max as number } : {}),
    })),
    milestones: Array.isArray(raw.milestones) ? [...(raw.milestones as string[])] : [],
    ...(typeof raw.after === 'string' ? { after: raw.after } : {}),
    ...(raw.conditions === 'closed' ? { conditions: 'closed' as const } : {}),
    ...(Array.isArray(raw.checks) && raw.checks.length
      ? { checks: rawList(raw.checks).map((c) => ({ expr: c.expr as string, message: c.message as string })) }
      : {}),
  };
}

function normalizeArtefactType(id: string, raw: any): ArtefactTypeDefinition {
  const type: ArtefactTypeDefinition = { id, title: titleOf(raw, id), fields: normalizeFields(raw?.fields) };
  const files = raw?.files;
  if (files && typeof files === 'object') {
    const min = typeof files.min === 'number' ? files.min : 0;
    type.files = {
      min,
      max: typeof files.max === 'number' ? files.max : Math.max(min, MAX_FILES_PER_VERSION),
      accept: Array.isArray(files.accept) ? [...new Set<string>(files.accept.map((e: string) => e.toLowerCase()))] : null,
    };
  }
  if (Array.isArray(raw?.submitters)) type.submitters = [...new Set<string>(raw.submitters)];
  return type;
}
