/**
 * Names that every JavaScript object inherits (`constructor`, `toString`, `__proto__`,
 * `hasOwnProperty`) name nothing a template declares: commands using them are refused with
 * BAD_USER_INPUT, never accepted and never a crash.
 */
import { ADMIN, expectCode, TestCluster, templateOf } from '../../../../test/support/engine-harness';
import type { ClusterCommand } from './types';

const DEF = templateOf(`
key: inherited
version: 1
selection: { scale: { min: 0, max: 5 }, criteria: { a: { weight: 1 } } }
attributes: { size: { type: integer } }
artefacts: { doc: { fields: { n: { type: integer } } } }
indicators: { k: { aggregation: sum } }
roles: { pm: { scope: cluster } }
phases: { a: {}, z: { final: true } }
gates: [ { id: az, from: a, to: z, requires: { approvals: [ { role: pm } ] } } ]
`);

const submit = (extra: Partial<Extract<ClusterCommand, { type: 'SUBMIT_ARTEFACT' }>>): ClusterCommand => ({
  type: 'SUBMIT_ARTEFACT',
  newArtefactId: 'x',
  newVersionId: 'y',
  artefactType: 'doc',
  title: 't',
  ...extra,
});

describe.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])('the name %s', (name) => {
  it.each<[string, ClusterCommand]>([
    ['as an artefact type', submit({ artefactType: name })],
    ['as an artefact field', submit({ fields: JSON.parse(`{"${name}": 1}`) })],
    ['as a criterion', { type: 'SCORE', scores: [{ criterion: name, score: 1 }] }],
    ['as an indicator', { type: 'RECORD_INDICATOR', indicator: name, period: '2025', value: 1 }],
    ['in an indicator plan', { type: 'SET_INDICATOR_PLAN', indicator: name, targets: [] }],
    ['as a cluster role', { type: 'ASSIGN_ROLE', userId: 'u', role: name }],
    ['as a gate', { type: 'ADVANCE', gate: name }],
    ['as a milestone', { type: 'REACH_MILESTONE', milestone: name }],
  ])('is refused %s', (_, command) => {
    new TestCluster(DEF).refuse(ADMIN, command, 'BAD_USER_INPUT');
  });

  it('is refused as an attribute at registration', () => {
    expectCode(() => new TestCluster(DEF, { by: ADMIN, attributes: JSON.parse(`{"${name}": 1}`) }), 'BAD_USER_INPUT');
  });
});
