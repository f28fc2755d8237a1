/**
 * The normalized template a version's `definition` holds (libs/engine's TemplateDefinition),
 * as far as the console reads it: titles and the typed fields its forms are made from.
 */
export type ValueType = 'string' | 'integer' | 'number' | 'boolean' | 'date';

export interface FieldDefinition {
  id: string;
  type: ValueType;
  title: string;
  required: boolean;
  min?: number;
  max?: number;
  values?: string[];
}

/**
 * `files` of a document type (template language version 2): how many files a version carries
 * and of which kinds (extensions such as `pdf`; null: any). Absent: any kind, up to the server's count.
 */
export interface FilesRule {
  min: number;
  max: number;
  accept: string[] | null;
}

export interface TemplateDefinition {
  key: string;
  version: number;
  title: string;
  description?: string;
  roles: Record<string, { id: string; title: string; scope: 'agency' | 'cluster' }>;
  attributes: Record<string, FieldDefinition>;
  selection: { scale: { min: number; max: number }; criteria: Record<string, { id: string; title: string; weight: number }> } | null;
  artefacts: Record<string, { id: string; title: string; fields: Record<string, FieldDefinition>; files?: FilesRule }>;
  indicators: Record<string, { id: string; title: string; unit?: string }>;
  phases: { id: string; title: string; initial: boolean; final: boolean; due?: string; milestones: { id: string; title: string }[] }[];
  gates: { id: string; title: string; from: string[]; to: string }[];
}

/** Title helpers that fall back to the id when the template gives none. */
export function titles(def: TemplateDefinition | undefined) {
  return {
    phase: (id: string) => def?.phases.find((p) => p.id === id)?.title ?? id,
    gate: (id: string) => def?.gates.find((g) => g.id === id)?.title ?? milestone(id),
    role: (id: string) => def?.roles[id]?.title ?? id,
    roleScope: (id: string) => def?.roles[id]?.scope ?? 'agency',
    artefact: (id: string) => def?.artefacts[id]?.title ?? id,
    indicator: (id: string) => def?.indicators[id]?.title ?? id,
    field: (artefactType: string, id: string) => def?.artefacts[artefactType]?.fields[id]?.title || id,
    milestone,
  };
  function milestone(id: string) {
    for (const p of def?.phases ?? []) {
      const m = p.milestones.find((x) => x.id === id);
      if (m) return m.title;
    }
    return id;
  }
}
