import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { clusterApi, ok, tokensFor, type ClusterApi, type Person } from './cluster-api';
import type { TestApp } from './test-app';
import { pdfBytes } from './files';

/**
 * Matrices over the whole schema, for tests that must cover every operation the server
 * offers now and later: the root fields as the server introspects them over HTTP, a call
 * document built from a field's own argument types, the paths of its ID arguments, one
 * well-formed set of arguments per operation (a table that must keep up with the schema),
 * and an agency seeded with data to aim those calls at.
 */

// --- the schema, introspected over HTTP ------------------------------------------------------

export interface TypeRef {
  kind: string;
  name: string | null;
  ofType: TypeRef | null;
}
export interface InputValue {
  name: string;
  type: TypeRef;
  defaultValue: string | null;
}
export interface RootField {
  name: string;
  args: InputValue[];
  type: TypeRef;
}
export interface Schema {
  Query: RootField[];
  Mutation: RootField[];
  /** Input object types, by name: their fields. */
  inputs: Map<string, InputValue[]>;
}

const TYPE_REF = 'kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } }';
const ROOT_FIELDS = `fields { name args { name defaultValue type { ${TYPE_REF} } } type { ${TYPE_REF} } }`;

export async function introspect(t: Pick<TestApp, 'gql'>, token: string): Promise<Schema> {
  const res = await t.gql(
    `{ __schema { queryType { ${ROOT_FIELDS} } mutationType { ${ROOT_FIELDS} } types { kind name inputFields { name defaultValue type { ${TYPE_REF} } } } } }`,
    {},
    token,
  );
  if (res.body.errors) throw new Error(`introspection failed: ${JSON.stringify(res.body.errors)}`);
  const s = res.body.data.__schema;
  const inputs = new Map<string, InputValue[]>();
  for (const type of s.types) if (type.kind === 'INPUT_OBJECT') inputs.set(type.name, type.inputFields);
  return { Query: s.queryType.fields, Mutation: s.mutationType?.fields ?? [], inputs };
}

/** A type as written in a document: `[ID!]!`. */
export const typeString = (ref: TypeRef): string =>
  ref.kind === 'NON_NULL' ? `${typeString(ref.ofType!)}!` : ref.kind === 'LIST' ? `[${typeString(ref.ofType!)}]` : ref.name!;

const named = (ref: TypeRef): TypeRef => (ref.ofType ? named(ref.ofType) : ref);
const required = (v: InputValue) => v.type.kind === 'NON_NULL' && v.defaultValue === null;

/**
 * Every place an ID goes into a field's arguments, through input objects and lists:
 * `clusterId`, `input.artefactVersionId`, `filter.clusterId`.
 */
export function idPaths(field: RootField, schema: Schema): string[] {
  const paths: string[] = [];
  const walk = (ref: TypeRef, path: string, seen: Set<string>) => {
    const type = named(ref);
    if (type.kind === 'SCALAR' && type.name === 'ID') paths.push(path);
    if (type.kind === 'INPUT_OBJECT' && !seen.has(type.name!)) {
      for (const f of schema.inputs.get(type.name!) ?? []) walk(f.type, `${path}.${f.name}`, new Set([...seen, type.name!]));
    }
  };
  for (const arg of field.args) walk(arg.type, arg.name, new Set());
  return paths.sort();
}

/** The paths (as `idPaths` writes them) at which `args` holds one of `ids`. */
export function pathsHolding(args: Record<string, unknown>, ids: ReadonlySet<string>): string[] {
  const found = new Set<string>();
  const walk = (value: unknown, path: string) => {
    if (typeof value === 'string' && ids.has(value)) found.add(path);
    else if (Array.isArray(value)) for (const v of value) walk(v, path);
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
  };
  walk(args, '');
  return [...found].sort();
}

/**
 * A document calling one root field with the given arguments, each passed as a variable
 * typed as the field declares it, selecting `__typename` of an object result. Throws when an
 * argument is unknown or a required one is missing: the table has fallen behind the schema.
 */
export function callOf(kind: 'query' | 'mutation', field: RootField, args: Record<string, unknown>): { query: string; variables: Record<string, unknown> } {
  const unknown = Object.keys(args).filter((name) => !field.args.some((a) => a.name === name));
  const missing = field.args.filter((a) => required(a) && !(a.name in args)).map((a) => a.name);
  if (unknown.length || missing.length) {
    throw new Error(`${field.name}: the table's arguments do not fit the schema (unknown: ${unknown.join(', ') || '-'}; missing: ${missing.join(', ') || '-'})`);
  }
  const used = field.args.filter((a) => a.name in args);
  const defs = used.map((a) => `$${a.name}: ${typeString(a.type)}`).join(', ');
  const call = used.map((a) => `${a.name}: $${a.name}`).join(', ');
  const composite = ['OBJECT', 'INTERFACE', 'UNION'].includes(named(field.type).kind);
  return {
    query: `${kind} Call${defs ? `(${defs})` : ''} { ${field.name}${call ? `(${call})` : ''}${composite ? ' { __typename }' : ''} }`,
    variables: args,
  };
}

/** Sends a call built by `callOf`. */
export function send(t: Pick<TestApp, 'gql'>, kind: 'query' | 'mutation', field: RootField, args: Record<string, unknown>, token: string): Promise<request.Response> {
  const { query, variables } = callOf(kind, field, args);
  return t.gql(query, variables, token);
}

// --- one well-formed call of every operation that changes something or takes an id ----------

/** What a call is aimed at: a cluster in the diagnostic phase of the UNIDO template, and its diagnostic report. */
export interface Target {
  clusterId: string;
  artefactId: string;
  artefactVersionId: string;
  templateKey: string;
  /** A template that is not published yet. */
  newTemplate: string;
  /** A CDA on the cluster's team, and a commission member assigned on it. */
  teamCda: string;
  commissionMember: string;
  /** An open condition of an approval with conditions on the cluster. */
  conditionId: string;
  /** A file the agency uploaded and has not attached yet. */
  fileId: string;
  /** A notification of the team's CDA (the caller's own when the CDA calls). */
  notificationId: string;
  /** A webhook of the agency, and another for deleteWebhook (so the calls after it still find the first). */
  webhookId: string;
  spareWebhookId: string;
}

export const DSR_FIELDS = { firms_surveyed: 50, has_cluster_map: true, has_vital_statistics: true, has_value_chain_analysis: true, has_bds_analysis: true, has_swot: true };

/**
 * Arguments of one call per operation, well-formed and aimed at the target: a person entitled
 * to it would not be refused for want of rights or for an unknown id. Every mutation has an
 * entry, and so has every query taking an id (the matrices check both against the schema);
 * entries for operations the schema does not have (yet) are not used.
 */
export const WELL_FORMED: Record<string, (c: Target) => Record<string, unknown>> = {
  // Queries that take an id.
  cluster: (c) => ({ id: c.clusterId }),
  auditTrail: (c) => ({ clusterId: c.clusterId }),
  verifyAuditTrail: (c) => ({ clusterId: c.clusterId }),
  verifyReplay: (c) => ({ clusterId: c.clusterId }),
  approvalHistory: (c) => ({ filter: { clusterId: c.clusterId } }),
  // Mutations.
  publishTemplate: (c) => ({ source: c.newTemplate }),
  registerCluster: (c) => ({ input: { name: 'New cluster', templateKey: c.templateKey, attributes: { enterprise_count: 150 } } }),
  assignCda: (c) => ({ clusterId: c.clusterId, userId: 'newbie' }),
  unassignCda: (c) => ({ clusterId: c.clusterId, userId: c.teamCda }),
  assignRole: (c) => ({ clusterId: c.clusterId, userId: 'newbie', role: 'cluster_commission' }),
  unassignRole: (c) => ({ clusterId: c.clusterId, userId: c.commissionMember, role: 'cluster_commission' }),
  scoreCluster: (c) => ({ clusterId: c.clusterId, scores: [{ criterion: 'importance', score: 4 }] }),
  submitArtefact: (c) => ({ input: { clusterId: c.clusterId, type: 'diagnostic_report', title: 'DSR, revised', artefactId: c.artefactId, fields: DSR_FIELDS, files: [c.fileId] } }),
  decide: (c) => ({ input: { clusterId: c.clusterId, gate: 'endorse_diagnostic', role: 'cluster_commission', outcome: 'APPROVE', artefactVersionId: c.artefactVersionId, comment: 'fine' } }),
  recordIndicator: (c) => ({ input: { clusterId: c.clusterId, indicator: 'joint_actions', period: '2025-Q1', value: 1 } }),
  setIndicatorPlan: (c) => ({ input: { clusterId: c.clusterId, indicator: 'joint_actions', baseline: 0, targets: [{ period: '2025-Q4', value: 3 }] } }),
  reachMilestone: (c) => ({ clusterId: c.clusterId, milestone: 'cda_appointed' }),
  advance: (c) => ({ clusterId: c.clusterId, gate: 'endorse_diagnostic' }),
  suspend: (c) => ({ clusterId: c.clusterId, reason: 'paused' }),
  resume: (c) => ({ clusterId: c.clusterId }),
  migrate: (c) => ({ clusterId: c.clusterId, toVersion: 1, dryRun: true }),
  migrateAll: (c) => ({ templateKey: c.templateKey, fromVersion: 1, toVersion: 1, dryRun: true }),
  upsertPerson: () => ({ input: { userId: 'newbie', name: 'Newbie', roles: ['cda'] } }),
  closeCondition: (c) => ({ clusterId: c.clusterId, conditionId: c.conditionId, note: 'done' }),
  markNotificationsRead: (c) => ({ ids: [c.notificationId] }),
  setNotificationPreferences: () => ({ email: 'DAILY_DIGEST' }),
  webhookDeliveries: (c) => ({ webhookId: c.webhookId }),
  // A public address literal (nothing resolved), for a type no call here records.
  createWebhook: () => ({ url: WEBHOOK_URL, events: ['MIGRATED'] }),
  setWebhookActive: (c) => ({ id: c.webhookId, active: false }),
  deleteWebhook: (c) => ({ id: c.spareWebhookId }),
};

/** Where the seeded agencies' webhooks point: a public address, for an event type the matrices never record. */
export const WEBHOOK_URL = 'https://93.184.215.14/hooks';

/**
 * Mutations on the caller's own notifications and preferences: anyone signed in may make them,
 * an auditor too, and they change no agency's data (a notification id not the caller's own
 * is left alone: see test/e2e/notifications.test.ts).
 */
export const PERSONAL_MUTATIONS = ['markNotificationsRead', 'setNotificationPreferences'];

/**
 * Mutations that need no token and change no agency's data (demo sign-in mints a token for a
 * demo person: see test/e2e/people.test.ts); the role matrix does not apply to them.
 */
export const PUBLIC_MUTATIONS = ['demoSignIn'];

// --- an agency with data -----------------------------------------------------------------

const UNIDO = readFileSync(join(__dirname, '../../templates/previous/unido-cda.v1.yaml'), 'utf8');

/** The UNIDO template under another key and title. */
export const unidoAs = (key: string, title: string) => UNIDO.replace(/^key: unido-cda$/m, `key: ${key}`).replace(/^title: .*$/m, `title: ${title}`);

export interface Agency {
  slug: string;
  tok: Record<string, string>;
  people: Record<string, Person>;
  templateKey: string;
  templateTitle: string;
  /** S: a cluster in selection, with a map in two versions. D: one in the diagnostic phase, with a diagnostic report decided on. */
  clusters: { S: string; D: string };
  names: string[];
  artefacts: string[];
  versions: string[];
  decisions: string[];
  conditions: string[];
  files: string[];
  notifications: string[];
  webhooks: string[];
  /** Calls aimed at D and its diagnostic report (the default), or at S and its map's latest version. */
  target: Target;
  targetS: Target;
  api: ClusterApi;
}

/**
 * An agency with a published template, two clusters and the work of a few people on them:
 * scores, artefact versions, decisions (one on an artefact version), indicators, a phase
 * passed, role assignments. `prefix` makes every name and user id its own.
 */
export async function seedAgency(t: TestApp, slug: string, prefix: string): Promise<Agency> {
  const P = prefix[0].toUpperCase() + prefix.slice(1);
  const people: Record<string, Person> = {
    admin: [`${prefix}-ada`, ['agency_admin']],
    cda: [`${prefix}-chidi`, ['cda']],
    pm: [`${prefix}-priya`, ['programme_manager']],
    cm: [`${prefix}-amaka`, ['cluster_commission']],
    auditor: [`${prefix}-audrey`, ['auditor']],
    // Holds every role, and sits on the commission of both clusters: refused only by what a test aims at.
    boss: [`${prefix}-boss`, ['agency_admin', 'cda', 'programme_manager', 'cluster_commission']],
  };
  const tok = await tokensFor(t, slug, people);
  const api = clusterApi(t);
  const uid = (who: string) => people[who][0];
  const templateKey = `${prefix}-cda`;
  const templateTitle = `${P} development programme`;
  await ok(api.publish(tok.admin, unidoAs(templateKey, templateTitle)));

  const names = [`${P} leather works`, `${P} textile makers`];
  const register = async (name: string) => (await ok(api.register(tok.cda, { name, templateKey, attributes: { enterprise_count: 400 } }, 'id'))).id as string;
  const S = await register(names[0]);
  const D = await register(names[1]);
  const criteria = ['importance', 'potential', 'viability', 'sustainability'];
  for (const c of [S, D]) {
    await ok(api.score(tok.cda, c, criteria.map((criterion) => ({ criterion, score: 4 }))));
    await ok(api.assignRole(tok.admin, c, uid('cm'), 'cluster_commission'));
    await ok(api.assignRole(tok.admin, c, uid('boss'), 'cluster_commission'));
    await ok(api.record(tok.cda, { clusterId: c, indicator: 'joint_actions', period: '2025-Q1', value: 2 }));
    await ok(api.plan(tok.cda, { clusterId: c, indicator: 'joint_actions', baseline: 0, targets: [{ period: '2025-Q4', value: 5 }] }));
  }
  const map1 = await ok(api.submit(tok.cda, { clusterId: S, type: 'cluster_map', title: `${P} map`, fields: { enterprises_mapped: 400 } }));
  const map2 = await ok(api.submit(tok.cda, { clusterId: S, type: 'cluster_map', title: `${P} map, v2`, artefactId: map1.artefactId, fields: { enterprises_mapped: 410 } }));
  const decisions: string[] = [];
  decisions.push((await ok(api.decide(tok.cda, { clusterId: S, gate: 'cda_appointed', role: 'cda', outcome: 'APPROVE_WITH_CONDITIONS', conditions: [`${P} CDA's terms signed`] }))).id);
  const [conditionS] = (await ok(t.gql('query($id: ID!) { cluster(id: $id) { openConditions { id } } }', { id: S }, tok.admin))).openConditions;

  const mapD = await ok(api.submit(tok.cda, { clusterId: D, type: 'cluster_map', title: `${P} map of D`, fields: { enterprises_mapped: 400 } }));
  decisions.push((await ok(api.decide(tok.cda, { clusterId: D, gate: 'cda_appointed', role: 'cda', outcome: 'APPROVE' }))).id);
  await ok(api.reach(tok.cda, D, 'cda_appointed'));
  // With a condition, left open: closeCondition has one to aim at.
  decisions.push((await ok(api.decide(tok.pm, { clusterId: D, gate: 'select_cluster', role: 'programme_manager', outcome: 'APPROVE_WITH_CONDITIONS', conditions: [`${P} signs the MoU`] }))).id);
  const [condition] = (await ok(t.gql('query($id: ID!) { cluster(id: $id) { openConditions { id } } }', { id: D }, tok.admin))).openConditions;
  await ok(api.advance(tok.cda, D, 'select_cluster'));
  const dsr = await ok(api.submit(tok.cda, { clusterId: D, type: 'diagnostic_report', title: `${P} DSR`, fields: DSR_FIELDS }));
  decisions.push((await ok(api.decide(tok.cm, { clusterId: D, gate: 'endorse_diagnostic', role: 'cluster_commission', outcome: 'REJECT', artefactVersionId: dsr.id, comment: `${P} wants more` }))).id);
  const upload = await request(t.app.getHttpServer())
    .post('/files')
    .set('authorization', `Bearer ${tok.cda}`)
    .attach('file', pdfBytes(`${P} annex`), { filename: `${prefix}-annex.pdf`, contentType: 'application/pdf' });
  if (upload.status !== 201 && upload.status !== 200) throw new Error(`upload failed: ${upload.status} ${JSON.stringify(upload.body)}`);
  // The rejection is told to the submitter by the job queue's worker, a moment after the commit.
  let notificationId: string | undefined;
  for (let tries = 0; !notificationId && tries < 300; tries++) {
    notificationId = (await ok(t.gql('{ notifications(first: 1) { edges { node { id } } } }', {}, tok.cda))).edges[0]?.node.id;
    if (!notificationId) await new Promise((r) => setTimeout(r, 100));
  }
  if (!notificationId) throw new Error(`no notification reached ${uid('cda')} within 30 s`);
  const webhook = async () =>
    (await ok(t.gql('mutation($u: String!) { createWebhook(url: $u, events: ["MIGRATED"]) { id } }', { u: `${WEBHOOK_URL}/${prefix}` }, tok.admin))).id as string;
  const webhookId = await webhook();
  const spareWebhookId = await webhook();

  const target: Target = {
    clusterId: D,
    artefactId: dsr.artefactId,
    artefactVersionId: dsr.id,
    templateKey,
    newTemplate: unidoAs(`${prefix}-extra`, `${P} extra programme`),
    teamCda: uid('cda'),
    commissionMember: uid('cm'),
    conditionId: condition.id,
    fileId: upload.body.id,
    notificationId,
    webhookId,
    spareWebhookId,
  };
  return {
    slug,
    tok,
    people,
    templateKey,
    templateTitle,
    clusters: { S, D },
    names,
    artefacts: [map1.artefactId, mapD.artefactId, dsr.artefactId],
    versions: [map1.id, map2.id, mapD.id, dsr.id],
    decisions,
    conditions: [conditionS.id, condition.id],
    files: [upload.body.id],
    notifications: [notificationId],
    webhooks: [webhookId, spareWebhookId],
    target,
    targetS: { ...target, clusterId: S, artefactId: map2.artefactId, artefactVersionId: map2.id, conditionId: conditionS.id },
    api,
  };
}

/**
 * Everything an agency has, as its admin reads it: every cluster with all its state, every
 * template version, and its decision history when the schema has one. Equal before and after
 * a refused call means the call changed nothing.
 */
export async function agencyState(t: TestApp, token: string, schema: Schema): Promise<unknown> {
  const clusters = await ok(
    clusterApi(t).clusters(
      token,
      // 100 (the tests' agencies have fewer): a page of 500 with all of this costs more than a request may (issue 13 counts `first` given as a variable).
      { first: 100 },
      `id name version phase status enteredPhaseAt cdaIds roleAssignments { userId role } score attributes
       milestones { milestone reached reachedAt }
       artefacts { id versions { id number title fields files { id sha256 } } } decisions { id counts outcome }
       openConditions { id closedAt note }
       indicators { indicator baseline values { period value } targets { period value } }
       history { phase enteredAt leftAt viaGate suspendedDays }`,
    ),
  );
  const templates = await ok(t.gql('{ templates { key version sha256 } }', {}, token));
  const has = (name: string) => schema.Query.some((f) => f.name === name);
  const approvals = has('approvalHistory') ? await ok(t.gql('{ approvalHistory(first: 500) { totalCount edges { node { id counts } } } }', {}, token)) : null;
  const webhooks = has('webhooks') ? await ok(t.gql('{ webhooks { id url events active } }', {}, token)) : null;
  return { clusters, templates, approvals, webhooks };
}
