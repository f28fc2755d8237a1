import { readFileSync } from 'fs';
import { join } from 'path';
import { loadTemplate } from './loader';
import { toMermaid } from './mermaid';
import type { TemplateDefinition } from './types';

const def = loadTemplate(readFileSync(join(__dirname, '../../../../test/fixtures/templates/ok/spec-example.yaml'), 'utf8')).template!;

describe('toMermaid', () => {
  const text = toMermaid(def);
  const lines = text.trim().split('\n').map((l) => l.trim());

  it('is a stateDiagram-v2 with the initial arrow and the final arrows', () => {
    expect(lines[0]).toBe('stateDiagram-v2');
    expect(lines).toContain('[*] --> p_selection');
    expect(lines).toContain('p_graduated --> [*]');
    expect(lines).toContain('p_dropped --> [*]');
    expect(lines.filter((l) => l.startsWith('[*] -->'))).toHaveLength(1);
  });

  it('labels every gate arrow with the gate id, one arrow per `from` phase', () => {
    for (const gate of def.gates) for (const from of gate.from) expect(lines).toContain(`p_${from} --> p_${gate.to} : ${gate.id}`);
    expect(lines.filter((l) => l.endsWith(': drop'))).toHaveLength(2);
  });

  it('shows titles and keeps state names safe whatever the ids and titles', () => {
    expect(lines).toContain('state "Selection of clusters" as p_selection');
    const tricky: TemplateDefinition = {
      ...def,
      phases: [
        { id: 'end', title: 'The "end"; really #1', initial: true, final: false, milestones: [] },
        { id: 'state', title: 'state', initial: false, final: true, milestones: [] },
      ],
      gates: [{ id: 'note', title: 'note', from: ['end'], to: 'state', requires: def.gates[0].requires }],
    };
    const out = toMermaid(tricky);
    expect(out).toContain('state "The #quot;end#quot;#59; really #35;1" as p_end');
    expect(out).toContain('p_end --> p_state : note');
    expect(out).not.toMatch(/^\s+end\b/m);
  });
});

describe('toMermaid with expiries (version 2)', () => {
  const expiring = loadTemplate(readFileSync(join(__dirname, '../../../../test/fixtures/templates/ok/v2-expires-escalate.yaml'), 'utf8')).template!;
  const lines = toMermaid(expiring).trim().split('\n').map((l) => l.trim());

  it('draws each expiry as an arrow labelled with its duration, told apart from gates by the label', () => {
    expect(lines).toContain('p_labelled --> p_expired : expires after P2Y');
    expect(lines.filter((l) => l.includes(': expires after '))).toHaveLength(1);
    expect(lines).toContain('%% dashed: the arrows labelled "expires after ..." (the system moves the cluster when the phase expires)');
  });

  it('says nothing of expiries in a template without them', () => {
    expect(toMermaid(def)).not.toMatch(/expires after|%%/);
  });
});
