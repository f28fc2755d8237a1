/**
 * Languages and title maps (template language version 2): every `title` of the definition is
 * in the default language, and `titles` holds each language's titles by path.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { loadTemplate } from './loader';

const FIXTURES = join(__dirname, '../../../../test/fixtures/templates');

describe('languages and title maps', () => {
  const def = loadTemplate(readFileSync(join(FIXTURES, 'ok/v2-languages.yaml'), 'utf8')).template!;

  it('titles of the definition are in the default language', () => {
    expect(def.title).toBe('Cluster development');
    expect(def.roles.pm.title).toBe('Programme manager');
    expect(def.artefacts.plan.title).toBe('Action plan');
    expect(def.artefacts.plan.fields.budget).toMatchObject({ title: 'Budget', type: 'money', currency: 'EUR' });
    expect(def.phases.map((p) => p.title)).toEqual(['Selection', 'Done']);
    expect(def.phases[0].milestones[0].title).toBe('Site visit');
    expect(def.gates[0].title).toBe('Select the cluster');
  });

  it('titles holds every title given, by language and path; plain titles count as the default language', () => {
    expect(def.languages).toEqual(['en', 'fr']);
    expect(def.titles).toEqual({
      en: {
        title: 'Cluster development',
        'roles.pm.title': 'Programme manager',
        'attributes.firms.title': 'Number of firms',
        'artefacts.plan.title': 'Action plan',
        'artefacts.plan.fields.budget.title': 'Budget',
        'indicators.jobs.title': 'Jobs',
        'phases.selection.title': 'Selection',
        'phases.selection.milestones.visit.title': 'Site visit',
        'phases.done.title': 'Done',
        'gates[0].title': 'Select the cluster',
      },
      fr: {
        title: 'Développement de clusters',
        'roles.pm.title': 'Responsable du programme',
        'artefacts.plan.title': "Plan d'action",
        'artefacts.plan.fields.budget.title': 'Budget prévu',
        'indicators.jobs.title': 'Emplois',
        'phases.selection.title': 'Sélection',
        'phases.selection.milestones.visit.title': 'Visite du site',
        'gates[0].title': 'Sélectionner le cluster',
      },
    });
  });

  it('a version 1 template has neither', () => {
    const v1 = loadTemplate(readFileSync(join(FIXTURES, 'ok/spec-example.yaml'), 'utf8')).template!;
    expect(v1.languages).toBeUndefined();
    expect(v1.titles).toBeUndefined();
  });
});
