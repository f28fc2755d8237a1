/**
 * Checks the schema cannot express: references between sections, the phase graph, and
 * the spec's cross-field rules. Works on the raw parsed data and guards every access, so
 * it can run next to schema errors: a section whose shape is wrong is treated as
 * "unknown" and the checks that depend on it are skipped instead of cascading.
 */
import { analysePhaseGraph, approvalConcerns, milestoneCycles, type ApprovalLike, type PhaseEdge } from './analysis';
import { approximateDays, parseDuration } from './duration';
import type { LocatedIssue } from './schema-validation';
import type { PathSegment, TemplatePath } from './template-path';
import { BUILT_IN_ROLE, RESERVED_ROLES, type ValueType } from './types';
import { CURRENCIES, isMoneyNumber } from './money';
import { LANGUAGES, titleSlots } from './languages';
import { isBoundedType, valueMismatch } from './value-types';

type Raw = Record<string, unknown>;

export interface SemanticFindings {
  errors: LocatedIssue[];
  warnings: LocatedIssue[];
}

const VALUE_TYPES: readonly string[] = ['string', 'integer', 'number', 'boolean', 'date', 'money'];

export const isRecord = (v: unknown): v is Raw => v !== null && typeof v === 'object' && !Array.isArray(v);
const has = (r: Raw, key: string): boolean => Object.prototype.hasOwnProperty.call(r, key);
const get = (r: Raw, key: string): unknown => (has(r, key) ? r[key] : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const code = (s: string) => `\`${s}\``;
const list = (items: Iterable<string>) => [...items].map(code).join(', ');

/** A section's entries by id; `null` when the section has the wrong shape (unknown). */
function section(root: Raw, key: string): Map<string, unknown> | null {
  const value = get(root, key);
  if (value === undefined) return new Map();
  return isRecord(value) ? new Map(Object.entries(value)) : null;
}

interface FieldInfo {
  type: ValueType | undefined;
  values: string[] | undefined;
}

function fieldInfo(raw: unknown): FieldInfo {
  if (!isRecord(raw)) return { type: undefined, values: undefined };
  const type = str(get(raw, 'type'));
  const values = get(raw, 'values');
  return {
    type: type !== undefined && VALUE_TYPES.includes(type) ? (type as ValueType) : undefined,
    values: Array.isArray(values) && values.every((v) => typeof v === 'string') ? (values as string[]) : undefined,
  };
}

interface Context {
  errors: LocatedIssue[];
  warnings: LocatedIssue[];
  roles: Set<string> | null;
  /** Artefact type → its fields (null when `fields` is malformed). */
  artefacts: Map<string, Map<string, FieldInfo> | null> | null;
  indicators: Set<string> | null;
  attributes: Map<string, FieldInfo> | null;
  selection: { present: boolean; scale: { min: number; max: number } | null; thresholds: number };
  phases: Map<string, Raw> | null;
  milestones: Map<string, Set<string>>;
  finals: Set<string>;
}

type Holder = { kind: 'gate'; label: string; from: string[] | null } | { kind: 'milestone'; label: string; phase: string; id: string };

export function checkSemantics(data: unknown): SemanticFindings {
  if (!isRecord(data)) return { errors: [], warnings: [] };
  const ctx = buildContext(data);
  checkRoles(ctx, data);
  checkFields(ctx, data);
  checkSelection(ctx, data);
  const initial = checkPhases(ctx);
  const gates = checkGates(ctx, data);
  const expiries = checkExpiries(ctx);
  checkEscalations(ctx, data);
  checkGraph(ctx, initial, gates, expiries);
  checkMigration(ctx, data, gates);
  checkLanguages(ctx, data);
  return { errors: ctx.errors, warnings: ctx.warnings };
}

/**
 * `languages` are ISO 639-1 codes; a title map needs `languages`, names only declared ones and
 * gives the default (the first), which every `title` field of the API answers in.
 */
function checkLanguages(ctx: Context, data: Raw): void {
  const raw = get(data, 'languages');
  const languages = Array.isArray(raw) ? raw.filter((l): l is string => typeof l === 'string') : null;
  if (languages) {
    languages.forEach((l, i) => {
      if (/^[a-z]{2}$/.test(l) && !LANGUAGES.has(l)) {
        ctx.errors.push({ path: ['languages', i], target: 'value', message: `${code(l)} is not an ISO 639-1 language code (such as en, fr, es)` });
      }
    });
  }
  const fallback = languages?.[0];
  for (const { path, holder } of titleSlots(data)) {
    const title = get(holder, 'title');
    if (!isRecord(title) || Object.keys(title).length === 0) continue;
    const at: PathSegment[] = [...path, 'title'];
    if (raw === undefined) {
      ctx.errors.push({ path: at, target: 'value', message: 'a title given per language needs `languages` (the languages the template gives titles in, the default first)' });
      continue;
    }
    if (!languages || fallback === undefined) continue;
    for (const l of Object.keys(title)) {
      if (!languages.includes(l)) ctx.errors.push({ path: [...at, l], target: 'key', message: `language ${code(l)} is not listed in \`languages\` (${list(languages)})` });
    }
    if (!has(title, fallback)) {
      ctx.errors.push({ path: at, target: 'key', message: `the title has no text in the default language ${code(fallback)} (the first of \`languages\`)` });
    }
  }
}

function buildContext(data: Raw): Context {
  const roles = section(data, 'roles');
  const artefacts = section(data, 'artefacts');
  const indicators = section(data, 'indicators');
  const attributes = section(data, 'attributes');
  const phases = section(data, 'phases');
  const selection = get(data, 'selection');
  const scale = isRecord(selection) ? get(selection, 'scale') : undefined;
  const scaleMin = isRecord(scale) ? num(get(scale, 'min')) : undefined;
  const scaleMax = isRecord(scale) ? num(get(scale, 'max')) : undefined;
  const eligibility = isRecord(selection) ? get(selection, 'eligibility') : undefined;

  // Every declared phase counts, even one whose body has the wrong shape (no cascades).
  const phaseRecords = phases === null ? null : new Map([...phases].map(([id, p]): [string, Raw] => [id, isRecord(p) ? p : {}]));
  const milestones = new Map<string, Set<string>>();
  const finals = new Set<string>();
  for (const [id, phase] of phaseRecords ?? []) {
    const ms = get(phase, 'milestones');
    milestones.set(id, new Set(isRecord(ms) ? Object.keys(ms) : []));
    if (get(phase, 'final') === true) finals.add(id);
  }
  return {
    errors: [],
    warnings: [],
    roles: roles === null ? null : new Set([...roles.keys(), BUILT_IN_ROLE]),
    artefacts:
      artefacts === null
        ? null
        : new Map(
            [...artefacts].map(([id, raw]) => {
              const fields = isRecord(raw) ? get(raw, 'fields') : undefined;
              if (fields === undefined) return [id, new Map<string, FieldInfo>()];
              return [id, isRecord(fields) ? new Map(Object.entries(fields).map(([f, v]) => [f, fieldInfo(v)])) : null];
            }),
          ),
    indicators: indicators === null ? null : new Set(indicators.keys()),
    attributes: attributes === null ? null : new Map([...attributes].map(([id, raw]) => [id, fieldInfo(raw)])),
    selection: {
      present: selection !== undefined,
      scale: scaleMin !== undefined && scaleMax !== undefined ? { min: scaleMin, max: scaleMax } : null,
      thresholds: Array.isArray(eligibility) ? eligibility.length : 0,
    },
    phases: phaseRecords,
    milestones,
    finals,
  };
}

function checkRoles(ctx: Context, data: Raw): void {
  const roles = get(data, 'roles');
  if (!isRecord(roles)) return;
  for (const [id, role] of Object.entries(roles)) {
    if (RESERVED_ROLES.includes(id)) {
      ctx.errors.push({ path: ['roles', id], target: 'key', message: `role ${code(id)} is reserved for the platform and may not be declared` });
    }
    if (id === BUILT_IN_ROLE && isRecord(role) && has(role, 'scope')) {
      ctx.errors.push({
        path: ['roles', id, 'scope'],
        target: 'key',
        message: '`cda` is built in (CDAs are assigned per cluster); declare it only to give it a title',
      });
    }
  }
}

/** Typed fields: `min`/`max` only on numbers, `values` only on strings, `min <= max`. */
function checkField(ctx: Context, path: TemplatePath, raw: unknown): void {
  if (!isRecord(raw)) return;
  const { type } = fieldInfo(raw);
  if (type === undefined) return;
  for (const bound of ['min', 'max']) {
    if (has(raw, bound) && !isBoundedType(type)) {
      ctx.errors.push({ path: [...path, bound], target: 'key', message: `${code(bound)} applies only to integer, number and money fields, and this one is ${article(type)}` });
    } else if (type === 'money' && typeof get(raw, bound) === 'number' && !isMoneyNumber(get(raw, bound))) {
      ctx.errors.push({ path: [...path, bound], target: 'value', message: `a money ${code(bound)} is an amount with at most two decimals, not ${String(get(raw, bound))}` });
    }
  }
  checkCurrency(ctx, path, raw, type);
  if (has(raw, 'values') && type !== 'string') {
    ctx.errors.push({ path: [...path, 'values'], target: 'key', message: `\`values\` applies only to string fields, and this one is ${article(type)}` });
  }
  checkRange(ctx, path, raw);
}

/** `money` needs an ISO 4217 `currency`; other types have none. */
function checkCurrency(ctx: Context, path: TemplatePath, raw: Raw, type: ValueType): void {
  const currency = get(raw, 'currency');
  if (type !== 'money') {
    if (has(raw, 'currency')) ctx.errors.push({ path: [...path, 'currency'], target: 'key', message: `\`currency\` applies only to money fields, and this one is ${article(type)}` });
    return;
  }
  if (currency === undefined) {
    ctx.errors.push({ path: [...path, 'type'], target: 'value', message: 'a money field needs `currency`: the ISO 4217 code of its amounts, such as INR or EUR' });
  } else if (typeof currency === 'string' && /^[A-Z]{3}$/.test(currency) && !CURRENCIES.has(currency)) {
    ctx.errors.push({ path: [...path, 'currency'], target: 'value', message: `${code(currency)} is not an ISO 4217 currency code (such as INR, EUR, USD)` });
  }
}

function checkRange(ctx: Context, path: TemplatePath, raw: Raw): void {
  const min = num(get(raw, 'min'));
  const max = num(get(raw, 'max'));
  if (min !== undefined && max !== undefined && min > max) {
    ctx.errors.push({ path: [...path, 'max'], target: 'value', message: `\`max\` (${max}) is below \`min\` (${min})` });
  }
}

function checkFields(ctx: Context, data: Raw): void {
  const attributes = get(data, 'attributes');
  if (isRecord(attributes)) for (const [id, raw] of Object.entries(attributes)) checkField(ctx, ['attributes', id], raw);
  const artefacts = get(data, 'artefacts');
  if (!isRecord(artefacts)) return;
  for (const [type, raw] of Object.entries(artefacts)) {
    const fields = isRecord(raw) ? get(raw, 'fields') : undefined;
    if (isRecord(fields)) for (const [id, f] of Object.entries(fields)) checkField(ctx, ['artefacts', type, 'fields', id], f);
    if (isRecord(raw)) checkArtefactDocuments(ctx, ['artefacts', type], raw);
  }
}

/** `submitters` name declared roles (or `cda`), never the reserved ones; `files.min` is not above `files.max`. */
function checkArtefactDocuments(ctx: Context, path: PathSegment[], raw: Raw): void {
  const submitters = get(raw, 'submitters');
  const roles = ctx.roles;
  if (Array.isArray(submitters) && roles !== null) {
    submitters.forEach((role, i) => {
      if (typeof role !== 'string') return;
      if (role === 'agency_admin') {
        ctx.errors.push({ path: [...path, 'submitters', i], target: 'value', message: 'agency admins may always submit; `agency_admin` is not listed in `submitters`' });
      } else if (RESERVED_ROLES.includes(role)) {
        ctx.errors.push({ path: [...path, 'submitters', i], target: 'value', message: `role ${code(role)} is reserved for the platform and submits nothing` });
      } else if (!roles.has(role)) {
        ctx.errors.push({ path: [...path, 'submitters', i], target: 'value', message: undeclared('role', role, 'roles') });
      }
    });
  }
  const files = get(raw, 'files');
  if (!isRecord(files)) return;
  const min = num(get(files, 'min'));
  const max = num(get(files, 'max'));
  if (min !== undefined && max !== undefined && min > max) {
    ctx.errors.push({ path: [...path, 'files', 'max'], target: 'value', message: `\`max\` (${max}) is below \`min\` (${min}): no version could both count and be accepted` });
  }
}

function checkSelection(ctx: Context, data: Raw): void {
  const selection = get(data, 'selection');
  if (!isRecord(selection)) return;
  const scale = ctx.selection.scale;
  if (scale && scale.min >= scale.max) {
    ctx.errors.push({ path: ['selection', 'scale', 'max'], target: 'value', message: `the scale's \`max\` (${scale.max}) must be above its \`min\` (${scale.min})` });
  }
  const eligibility = get(selection, 'eligibility');
  if (!Array.isArray(eligibility)) return;
  eligibility.forEach((raw, i) => {
    if (!isRecord(raw)) return;
    const path: PathSegment[] = ['selection', 'eligibility', i];
    if (!['min', 'max', 'equals'].some((k) => has(raw, k))) {
      ctx.errors.push({ path, target: 'value', message: 'a threshold needs `min`, `max` or `equals`' });
    }
    checkRange(ctx, path, raw);
    const attribute = str(get(raw, 'attribute'));
    if (attribute === undefined || ctx.attributes === null) return;
    const info = ctx.attributes.get(attribute);
    if (!info) {
      ctx.errors.push({ path: [...path, 'attribute'], target: 'value', message: undeclared('attribute', attribute, 'attributes') });
      return;
    }
    if (info.type === undefined) return;
    for (const bound of ['min', 'max']) {
      if (has(raw, bound) && info.type === 'money' && !isMoneyNumber(get(raw, bound))) {
        ctx.errors.push({ path: [...path, bound], target: 'value', message: `${code(attribute)} is money: a threshold is an amount with at most two decimals` });
      }
      if (has(raw, bound) && !isBoundedType(info.type)) {
        ctx.errors.push({ path: [...path, bound], target: 'key', message: `${code(bound)} needs a number attribute, and ${code(attribute)} is ${article(info.type)}` });
      }
    }
    if (has(raw, 'equals')) {
      const mismatch = valueMismatch(get(raw, 'equals'), info.type, info.values);
      if (mismatch) ctx.errors.push({ path: [...path, 'equals'], target: 'value', message: `${mismatch}, like attribute ${code(attribute)}` });
    }
  });
}

const article = (type: string) => (/^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`);

const undeclared = (what: string, id: string, where: string) => `${what} ${code(id)} is not declared under \`${where}\``;

/** Initial phase, several/zero initial phases, no final phase, milestone ids. Returns the initial phase. */
function checkPhases(ctx: Context): string | null {
  if (ctx.phases === null || ctx.phases.size === 0) return null;
  const entries = [...ctx.phases];
  const marked = entries.filter(([, p]) => get(p, 'initial') === true).map(([id]) => id);
  let initial: string | null = marked[0] ?? null;
  if (marked.length > 1) initial = null; // the phase graph is not checked until this is fixed
  for (const extra of marked.slice(1)) {
    ctx.errors.push({
      path: ['phases', extra, 'initial'],
      target: 'value',
      message: `phases ${code(marked[0])} and ${code(extra)} both say \`initial: true\`; a template has exactly one initial phase`,
    });
  }
  if (marked.length === 0) {
    const [firstId, first] = entries[0];
    if (get(first, 'initial') === false) {
      ctx.errors.push({
        path: ['phases', firstId, 'initial'],
        target: 'value',
        message: `there is no initial phase: the first phase ${code(firstId)} says \`initial: false\` and no phase says \`initial: true\``,
      });
    } else initial = firstId;
  }
  if (ctx.finals.size === 0) {
    ctx.errors.push({ path: ['phases'], target: 'key', message: 'no phase is final (`final: true`), so no cluster could ever finish the programme' });
  }
  if (initial !== null && ctx.finals.has(initial)) {
    ctx.warnings.push({ path: ['phases', initial], target: 'key', message: `the initial phase ${code(initial)} is final, so clusters finish as soon as they are registered` });
  }
  return initial;
}

interface GateInfo {
  index: number;
  id: string | undefined;
  /** `from` phases with the path of each; null when `from` is malformed. */
  from: Array<{ phase: string; path: TemplatePath }> | null;
  to: string | undefined;
}

function checkGates(ctx: Context, data: Raw): GateInfo[] | null {
  const gates = get(data, 'gates');
  if (gates === undefined) return [];
  if (!Array.isArray(gates)) return null;
  const infos: GateInfo[] = [];
  const firstIndex = new Map<string, number>();
  gates.forEach((raw, index) => {
    const info: GateInfo = { index, id: undefined, from: null, to: undefined };
    infos.push(info);
    if (!isRecord(raw)) return;
    info.id = str(get(raw, 'id'));
    info.to = str(get(raw, 'to'));
    info.from = fromList(get(raw, 'from'), index);
    if (info.id !== undefined) {
      const earlier = firstIndex.get(info.id);
      if (earlier !== undefined) {
        ctx.errors.push({ path: ['gates', index, 'id'], target: 'value', message: `gate id ${code(info.id)} is already used by gates[${earlier}]` });
      } else firstIndex.set(info.id, index);
    }
    checkGateEnds(ctx, info);
    const label = info.id === undefined ? `gates[${index}]` : `gate ${code(info.id)}`;
    const requires = get(raw, 'requires');
    const from = info.from?.map((f) => f.phase).filter((p) => ctx.phases?.has(p)) ?? null;
    if (requires !== undefined) checkRequirements(ctx, ['gates', index, 'requires'], requires, { kind: 'gate', label, from });
    if (!hasAnyRequirement(requires)) {
      ctx.warnings.push({ path: ['gates', index], target: 'value', message: `${label} has no requirements: whoever may advance the cluster can pass it at once` });
    }
    checkAfterVersusDue(ctx, index, label, requires, from);
  });
  checkMilestoneNamespace(ctx, firstIndex);
  return infos;
}

function fromList(from: unknown, index: number): GateInfo['from'] {
  if (typeof from === 'string') return [{ phase: from, path: ['gates', index, 'from'] }];
  if (Array.isArray(from) && from.length > 0 && from.every((f) => typeof f === 'string')) {
    return (from as string[]).map((phase, k) => ({ phase, path: ['gates', index, 'from', k] }));
  }
  return null;
}

function checkGateEnds(ctx: Context, gate: GateInfo): void {
  if (ctx.phases === null) return;
  const name = gate.id === undefined ? `gates[${gate.index}]` : `gate ${code(gate.id)}`;
  for (const { phase, path } of gate.from ?? []) {
    if (!ctx.phases.has(phase)) ctx.errors.push({ path, target: 'value', message: undeclared('phase', phase, 'phases') });
    else if (ctx.finals.has(phase)) {
      ctx.errors.push({ path, target: 'value', message: `${name} leaves the final phase ${code(phase)}; final phases have no outgoing gates` });
    }
  }
  if (gate.to === undefined) return;
  const toPath = ['gates', gate.index, 'to'];
  if (!ctx.phases.has(gate.to)) ctx.errors.push({ path: toPath, target: 'value', message: undeclared('phase', gate.to, 'phases') });
  else if (gate.from?.some((f) => f.phase === gate.to)) {
    ctx.errors.push({ path: toPath, target: 'value', message: `${name} leads from ${code(gate.to)} back to ${code(gate.to)}; \`to\` must differ from \`from\`` });
  }
}

function hasAnyRequirement(requires: unknown): boolean {
  if (!isRecord(requires)) return false;
  return Object.entries(requires).some(([key, value]) => {
    if (key.startsWith('x-')) return false;
    if (Array.isArray(value)) return value.length > 0;
    if (key === 'eligible') return value === true;
    return value !== undefined && value !== null;
  });
}

function checkAfterVersusDue(ctx: Context, index: number, label: string, requires: unknown, from: string[] | null): void {
  const afterText = isRecord(requires) ? str(get(requires, 'after')) : undefined;
  const after = afterText === undefined ? null : parseDuration(afterText);
  if (after === null || from === null || ctx.phases === null) return;
  for (const phase of from) {
    const dueText = str(get(ctx.phases.get(phase) ?? {}, 'due'));
    const due = dueText === undefined ? null : parseDuration(dueText);
    if (due !== null && approximateDays(after) > approximateDays(due)) {
      ctx.warnings.push({
        path: ['gates', index, 'requires', 'after'],
        target: 'value',
        message: `${label} waits ${afterText} in ${code(phase)}, longer than the phase is due (${dueText}), so every cluster will be overdue before it can pass`,
      });
    }
    // Version 2: the system moves the cluster when the phase expires, so a gate that waits at
    // least as long never passes from there (the two would race when due at the same time).
    const expires = get(ctx.phases.get(phase) ?? {}, 'expires');
    const expiresText = isRecord(expires) ? str(get(expires, 'after')) : undefined;
    const expiry = expiresText === undefined ? null : parseDuration(expiresText);
    if (expiry !== null && approximateDays(expiry) <= approximateDays(after)) {
      ctx.warnings.push({
        path: ['gates', index, 'requires', 'after'],
        target: 'value',
        message: `${label} waits ${afterText} in ${code(phase)}, which expires after ${expiresText}: the system moves every cluster on first, so ${label} never passes from there`,
      });
    }
  }
}

/** Milestone ids share the gates' namespace; milestones check their own requirements. */
function checkMilestoneNamespace(ctx: Context, gateIds: Map<string, number>): void {
  for (const [phaseId, phase] of ctx.phases ?? []) {
    const milestones = get(phase, 'milestones');
    if (!isRecord(milestones)) continue;
    const dependencies = new Map<string, string[]>();
    for (const [id, raw] of Object.entries(milestones)) {
      const path: PathSegment[] = ['phases', phaseId, 'milestones', id];
      const gate = gateIds.get(id);
      if (gate !== undefined) {
        ctx.errors.push({ path, target: 'key', message: `milestone ${code(id)} has the same id as gates[${gate}]; milestones and gates share one namespace` });
      }
      const requires = isRecord(raw) ? get(raw, 'requires') : undefined;
      if (requires === undefined) continue;
      checkRequirements(ctx, [...path, 'requires'], requires, { kind: 'milestone', label: `milestone ${code(id)}`, phase: phaseId, id });
      const deps = isRecord(requires) ? get(requires, 'milestones') : undefined;
      if (Array.isArray(deps)) dependencies.set(id, deps.filter((d): d is string => typeof d === 'string'));
    }
    const cycles = milestoneCycles(dependencies);
    for (const [id, cycle] of cycles) {
      const deps = dependencies.get(id) ?? [];
      const k = deps.findIndex((d) => cycles.get(d) === cycle);
      ctx.errors.push({
        path: ['phases', phaseId, 'milestones', id, 'requires', 'milestones', Math.max(k, 0)],
        target: 'value',
        message: `milestone ${code(id)} depends on itself through \`requires.milestones\`, so it can never be reached`,
      });
    }
  }
}

function checkRequirements(ctx: Context, path: TemplatePath, requires: unknown, holder: Holder): void {
  if (!isRecord(requires)) return;
  const artefacts = get(requires, 'artefacts');
  const required = Array.isArray(artefacts) ? new Set(artefacts.map((a) => (isRecord(a) ? str(get(a, 'type')) : undefined))) : null;
  if (Array.isArray(artefacts)) artefacts.forEach((a, k) => checkArtefactRequirement(ctx, [...path, 'artefacts', k], a));
  const approvals = get(requires, 'approvals');
  if (Array.isArray(approvals)) {
    approvals.forEach((a, k) => checkApproval(ctx, [...path, 'approvals', k], a, required));
    const wellFormed = approvals.every((a) => isRecord(a) && typeof get(a, 'role') === 'string');
    if (wellFormed) {
      const likes: ApprovalLike[] = approvals.map((a) => {
        const r = a as Raw;
        return { role: get(r, 'role') as string, count: num(get(r, 'count')) ?? 1, of: str(get(r, 'of')) };
      });
      for (const c of approvalConcerns(likes, holder.label)) ctx.warnings.push({ path: [...path, 'approvals', c.index], target: 'value', message: c.message });
    }
  }
  checkSelectionRequirements(ctx, path, requires);
  const indicators = get(requires, 'indicators');
  if (Array.isArray(indicators)) {
    indicators.forEach((raw, k) => {
      if (!isRecord(raw)) return;
      const p = [...path, 'indicators', k];
      checkRange(ctx, p, raw);
      const id = str(get(raw, 'indicator'));
      if (id !== undefined && ctx.indicators !== null && !ctx.indicators.has(id)) {
        ctx.errors.push({ path: [...p, 'indicator'], target: 'value', message: undeclared('indicator', id, 'indicators') });
      }
    });
  }
  const milestones = get(requires, 'milestones');
  if (Array.isArray(milestones)) milestones.forEach((m, k) => checkMilestoneReference(ctx, [...path, 'milestones', k], m, holder));
}

function checkArtefactRequirement(ctx: Context, path: TemplatePath, raw: unknown): void {
  if (!isRecord(raw) || ctx.artefacts === null) return;
  const type = str(get(raw, 'type'));
  if (type === undefined) return;
  if (!ctx.artefacts.has(type)) {
    ctx.errors.push({ path: [...path, 'type'], target: 'value', message: undeclared('artefact type', type, 'artefacts') });
    return;
  }
  const where = get(raw, 'where');
  const fields = ctx.artefacts.get(type);
  if (!isRecord(where) || !fields) return;
  for (const [field, value] of Object.entries(where)) {
    const info = fields.get(field);
    if (!info) {
      const known = fields.size === 0 ? 'it declares no fields' : `declared: ${list(fields.keys())}`;
      ctx.errors.push({ path: [...path, 'where', field], target: 'key', message: `artefact type ${code(type)} has no field ${code(field)} (${known})` });
      continue;
    }
    const mismatch = info.type === undefined ? null : valueMismatch(value, info.type, info.values);
    if (mismatch) ctx.errors.push({ path: [...path, 'where', field], target: 'value', message: `${mismatch}, like field ${code(field)} of ${code(type)}` });
  }
}

function checkApproval(ctx: Context, path: TemplatePath, raw: unknown, required: Set<string | undefined> | null): void {
  if (!isRecord(raw)) return;
  const role = str(get(raw, 'role'));
  if (role !== undefined && ctx.roles !== null && !ctx.roles.has(role)) {
    const message = RESERVED_ROLES.includes(role)
      ? `role ${code(role)} is reserved for the platform and cannot approve anything`
      : undeclared('role', role, 'roles');
    ctx.errors.push({ path: [...path, 'role'], target: 'value', message });
  }
  const of = str(get(raw, 'of'));
  if (of === undefined || ctx.artefacts === null) return;
  if (!ctx.artefacts.has(of)) {
    ctx.errors.push({ path: [...path, 'of'], target: 'value', message: undeclared('artefact type', of, 'artefacts') });
  } else if (required !== null && !required.has(of)) {
    ctx.errors.push({
      path: [...path, 'of'],
      target: 'value',
      message: `approvals \`of: ${of}\` need something to decide on: list \`{ type: ${of} }\` under \`artefacts\` in the same requirements`,
    });
  }
}

function checkSelectionRequirements(ctx: Context, path: TemplatePath, requires: Raw): void {
  const score = get(requires, 'score');
  if (score !== undefined) {
    if (!ctx.selection.present) {
      ctx.errors.push({ path: [...path, 'score'], target: 'key', message: 'a `score` requirement needs a `selection` section to score clusters against' });
    } else {
      const min = isRecord(score) ? num(get(score, 'min')) : undefined;
      const scale = ctx.selection.scale;
      if (min !== undefined && scale && (min < scale.min || min > scale.max)) {
        ctx.errors.push({ path: [...path, 'score', 'min'], target: 'value', message: `${min} lies outside the selection scale ${scale.min} to ${scale.max}` });
      }
    }
  }
  if (get(requires, 'eligible') === true) {
    if (!ctx.selection.present) {
      ctx.errors.push({ path: [...path, 'eligible'], target: 'key', message: '`eligible: true` needs a `selection` section with eligibility thresholds' });
    } else if (ctx.selection.thresholds === 0) {
      ctx.warnings.push({ path: [...path, 'eligible'], target: 'key', message: '`eligible: true` always holds: `selection.eligibility` declares no thresholds' });
    }
  }
}

function checkMilestoneReference(ctx: Context, path: TemplatePath, raw: unknown, holder: Holder): void {
  const id = str(raw);
  if (id === undefined || ctx.phases === null) return;
  if (holder.kind === 'milestone') {
    if (id === holder.id) return; // reported as a cycle
    if (!ctx.milestones.get(holder.phase)?.has(id)) {
      ctx.errors.push({ path, target: 'value', message: `milestone ${code(id)} is not declared in phase ${code(holder.phase)}` });
    }
    return;
  }
  if (holder.from === null) return;
  const missing = holder.from.filter((p) => !ctx.milestones.get(p)?.has(id));
  if (missing.length > 0) {
    ctx.errors.push({
      path,
      target: 'value',
      message: `${holder.label} requires milestone ${code(id)}, which phase${missing.length > 1 ? 's' : ''} ${list(missing)} ${missing.length > 1 ? 'do' : 'does'} not declare`,
    });
  }
}

/** A duration of nothing (`P0D`, `PT0S`): a timer that would fire the moment the phase is entered. */
function isZeroDuration(text: string): boolean {
  const d = parseDuration(text);
  return d !== null && d.months === 0 && d.days === 0 && d.seconds === 0;
}

/**
 * Version 2 `expires` on phases: `to` a declared phase other than this one, never on a final
 * phase, `after` longer than nothing. Returns the expiry edges for the phase graph, or null
 * when one is malformed or names an undeclared phase (the graph is then not checked, like for gates).
 */
function checkExpiries(ctx: Context): PhaseEdge[] | null {
  if (ctx.phases === null) return null;
  const edges: PhaseEdge[] = [];
  let complete = true;
  for (const [id, phase] of ctx.phases) {
    const expires = get(phase, 'expires');
    if (expires === undefined) continue;
    if (!isRecord(expires)) {
      complete = false;
      continue;
    }
    const path: PathSegment[] = ['phases', id, 'expires'];
    if (ctx.finals.has(id)) {
      ctx.errors.push({ path, target: 'key', message: `phase ${code(id)} is final, so it cannot expire: a finished cluster stays where it is` });
    }
    const after = str(get(expires, 'after'));
    if (after !== undefined && isZeroDuration(after)) {
      ctx.errors.push({ path: [...path, 'after'], target: 'value', message: `\`after\` must be longer than nothing (${after} would expire the phase the moment it is entered)` });
    }
    const to = str(get(expires, 'to'));
    if (to === undefined) {
      complete = false;
    } else if (!ctx.phases.has(to)) {
      complete = false;
      ctx.errors.push({ path: [...path, 'to'], target: 'value', message: `${undeclared('phase', to, 'phases')}, so phase ${code(id)} cannot expire into it` });
    } else if (to === id) {
      ctx.errors.push({ path: [...path, 'to'], target: 'value', message: `phase ${code(id)} expires into itself; \`to\` must name another phase` });
    } else edges.push({ gate: `expires:${id}`, from: id, to });
  }
  return complete ? edges : null;
}

/** Version 2 `escalate` on gates: `to` a declared role (or `cda`), never a reserved one; `after` longer than nothing. */
function checkEscalations(ctx: Context, data: Raw): void {
  const gates = get(data, 'gates');
  if (!Array.isArray(gates)) return;
  gates.forEach((raw, index) => {
    const escalate = isRecord(raw) ? get(raw, 'escalate') : undefined;
    if (!isRecord(escalate)) return;
    const path: PathSegment[] = ['gates', index, 'escalate'];
    const after = str(get(escalate, 'after'));
    if (after !== undefined && isZeroDuration(after)) {
      ctx.errors.push({ path: [...path, 'after'], target: 'value', message: `\`after\` must be longer than nothing (${after} would escalate the moment the phase is entered)` });
    }
    checkEscalationCanFire(ctx, index, raw as Raw, after);
    const role = str(get(escalate, 'to'));
    if (role === undefined || ctx.roles === null || ctx.roles.has(role)) return;
    ctx.errors.push({
      path: [...path, 'to'],
      target: 'value',
      message: RESERVED_ROLES.includes(role)
        ? `role ${code(role)} is reserved for the platform; escalate to a role declared under \`roles\` (or \`cda\`)`
        : `${undeclared('role', role, 'roles')}, so nobody could be told of the escalation`,
    });
  });
}

/**
 * Warnings for an escalation that can never fire: a gate without requirements is never unmet,
 * and in a `from` phase that expires no later than the escalation the cluster has left first.
 */
function checkEscalationCanFire(ctx: Context, index: number, gate: Raw, afterText: string | undefined): void {
  const path: PathSegment[] = ['gates', index, 'escalate'];
  const label = typeof get(gate, 'id') === 'string' ? `gate ${code(get(gate, 'id') as string)}` : `gates[${index}]`;
  if (!hasAnyRequirement(get(gate, 'requires'))) {
    ctx.warnings.push({ path, target: 'key', message: `${label} has no requirements, so it is never unmet and never escalates` });
    return;
  }
  const after = afterText === undefined ? null : parseDuration(afterText);
  const from = fromList(get(gate, 'from'), index);
  if (after === null || from === null || ctx.phases === null) return;
  const first = from
    .map((f) => f.phase)
    .filter((phase) => {
      const expires = get(ctx.phases!.get(phase) ?? {}, 'expires');
      const text = isRecord(expires) ? str(get(expires, 'after')) : undefined;
      const expiry = text === undefined ? null : parseDuration(text);
      return expiry !== null && approximateDays(expiry) <= approximateDays(after);
    });
  if (first.length > 0) {
    ctx.warnings.push({
      path: [...path, 'after'],
      target: 'value',
      message: `phase${first.length > 1 ? 's' : ''} ${list(first)} expire${first.length > 1 ? '' : 's'} no later than ${afterText}, so ${label} never escalates there`,
    });
  }
}

/**
 * Unreachable phases and traps, only when every gate's ends and every expiry are well-formed
 * and declared. A phase's `expires.to` counts as an edge: the system moves clusters along it.
 */
function checkGraph(ctx: Context, initial: string | null, gates: GateInfo[] | null, expiries: PhaseEdge[] | null): void {
  if (ctx.phases === null || initial === null || gates === null || expiries === null) return;
  const phases = ctx.phases;
  const complete = gates.every((g) => g.from !== null && g.to !== undefined && phases.has(g.to) && g.from.every((f) => phases.has(f.phase)));
  if (!complete) return;
  const edges: PhaseEdge[] = gates.flatMap((g) => g.from!.map((f) => ({ gate: g.id ?? `gates[${g.index}]`, from: f.phase, to: g.to! })));
  edges.push(...expiries.filter((e) => !ctx.finals.has(e.from)));
  const findings = analysePhaseGraph({ phases: [...phases.keys()], initial, finals: ctx.finals, edges });
  for (const p of findings.unreachable) {
    ctx.errors.push({ path: ['phases', p], target: 'key', message: `phase ${code(p)} cannot be reached from the initial phase ${code(initial)}: no sequence of gates leads to it` });
  }
  for (const p of findings.traps) {
    ctx.errors.push({ path: ['phases', p], target: 'key', message: `phase ${code(p)} cannot reach any final phase, so clusters that enter it can never finish` });
  }
}

/**
 * The `migration` section names an earlier version, and maps phases onto phases this
 * version declares. Whether its keys are phases of that earlier version is checked when
 * publishing, against the stored version (`checkMigrationSource`).
 */
function checkMigration(ctx: Context, data: Raw, gates: GateInfo[] | null): void {
  const migration = get(data, 'migration');
  if (!isRecord(migration)) return;
  const from = num(get(migration, 'from'));
  const version = num(get(data, 'version'));
  if (from !== undefined && version !== undefined && Number.isInteger(from) && from >= version) {
    ctx.errors.push({ path: ['migration', 'from'], target: 'value', message: `migration.from must name an earlier version than this one (${version}), not ${from}` });
  }
  const renamed = get(migration, 'gates');
  if (isRecord(renamed) && gates !== null) {
    const ids = gates.map((g) => g.id).filter((id): id is string => id !== undefined);
    for (const [old, target] of Object.entries(renamed)) {
      if (typeof target !== 'string' || !/^[a-z][a-z0-9_]{0,62}$/.test(target) || ids.includes(target)) continue;
      ctx.errors.push({
        path: ['migration', 'gates', old],
        target: 'value',
        message: `gate ${code(old)} is renamed to ${code(target)}, which this version does not declare (its gates: ${ids.length ? list(ids) : 'none'})`,
      });
    }
  }
  const phases = get(migration, 'phases');
  if (!isRecord(phases) || ctx.phases === null) return;
  for (const [old, target] of Object.entries(phases)) {
    if (typeof target !== 'string' || ctx.phases.has(target)) continue;
    ctx.errors.push({
      path: ['migration', 'phases', old],
      target: 'value',
      message: `phase ${code(old)} is mapped onto ${code(target)}, which this version does not declare (its phases: ${list(ctx.phases.keys())})`,
    });
  }
}
