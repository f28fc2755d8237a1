import type { TemplateDefinition } from './types';

/**
 * A Mermaid `stateDiagram-v2` of the phases: `[*] -->` the initial phase, one arrow per
 * gate and `from` phase labelled with the gate id, final phases `--> [*]`. State names
 * are prefixed (`p_<id>`) so no phase id can collide with Mermaid keywords; the titles
 * are shown as descriptions.
 */
export function toMermaid(def: TemplateDefinition): string {
  const name = (phase: string) => `p_${phase}`;
  const lines = ['stateDiagram-v2'];
  for (const p of def.phases) lines.push(`  state "${escapeLabel(p.title)}" as ${name(p.id)}`);
  const initial = def.phases.find((p) => p.initial);
  if (initial) lines.push(`  [*] --> ${name(initial.id)}`);
  for (const g of def.gates) for (const from of g.from) lines.push(`  ${name(from)} --> ${name(g.to)} : ${g.id}`);
  for (const p of def.phases.filter((phase) => phase.final)) lines.push(`  ${name(p.id)} --> [*]`);
  return `${lines.join('\n')}\n`;
}

/** Mermaid entity codes for characters that would end or break a quoted label. */
const ENTITIES: Record<string, string> = { '"': '#quot;', '#': '#35;', ';': '#59;' };

function escapeLabel(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/["#;]/g, (c) => ENTITIES[c]);
}
