import type { TemplateDefinition } from './types';

/** The label of an expiry arrow: never a gate id (ids have no spaces), so a renderer can tell the two apart. */
export const EXPIRY_LABEL_PREFIX = 'expires after ';

/**
 * A Mermaid `stateDiagram-v2` of the phases: `[*] -->` the initial phase, one arrow per
 * gate and `from` phase labelled with the gate id, one per phase `expires` labelled
 * `expires after <duration>`, final phases `--> [*]`. State names are prefixed (`p_<id>`)
 * so no phase id can collide with Mermaid keywords; the titles are shown as descriptions.
 *
 * stateDiagram-v2 has no dashed arrow of its own, so expiry arrows are told by their label
 * (EXPIRY_LABEL_PREFIX) and drawn dashed by the console (`dashExpiryEdges`); a comment line in
 * the text says so for other renderers.
 */
export function toMermaid(def: TemplateDefinition): string {
  const name = (phase: string) => `p_${phase}`;
  const lines = ['stateDiagram-v2'];
  for (const p of def.phases) lines.push(`  state "${escapeLabel(p.title)}" as ${name(p.id)}`);
  const initial = def.phases.find((p) => p.initial);
  if (initial) lines.push(`  [*] --> ${name(initial.id)}`);
  for (const g of def.gates) for (const from of g.from) lines.push(`  ${name(from)} --> ${name(g.to)} : ${g.id}`);
  const expiring = def.phases.filter((p) => p.expires);
  if (expiring.length) lines.push(`  %% dashed: the arrows labelled "${EXPIRY_LABEL_PREFIX}..." (the system moves the cluster when the phase expires)`);
  for (const p of expiring) lines.push(`  ${name(p.id)} --> ${name(p.expires!.to)} : ${EXPIRY_LABEL_PREFIX}${p.expires!.after}`);
  for (const p of def.phases.filter((phase) => phase.final)) lines.push(`  ${name(p.id)} --> [*]`);
  return `${lines.join('\n')}\n`;
}

/** Mermaid entity codes for characters that would end or break a quoted label. */
const ENTITIES: Record<string, string> = { '"': '#quot;', '#': '#35;', ';': '#59;' };

function escapeLabel(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/["#;]/g, (c) => ENTITIES[c]);
}
