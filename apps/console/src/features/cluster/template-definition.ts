/**
 * The normalized template a version's `definition` holds (libs/engine's TemplateDefinition),
 * as far as the console reads it: titles and the typed fields its forms are made from.
 */
/** `money` (template language version 2): an exact amount, kept as a decimal string (`"1234.50"`), in `currency`. */
export type ValueType = 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'money';

export interface FieldDefinition {
  id: string;
  type: ValueType;
  title: string;
  required: boolean;
  min?: number;
  max?: number;
  values?: string[];
  /** Only for `money`: the ISO 4217 code of its amounts. */
  currency?: string;
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
  /** Version 2: the languages the template gives titles in, the default first. */
  languages?: string[];
  /** Version 2: `{ "<lang>": { "<path>": "<title>" } }`, paths as in template problems (`phases.selection.title`, `gates[2].title`). */
  titles?: Record<string, Record<string, string>>;
}

/** The title at `path` in `language` when the template gives it there, else `fallback` (the default language's). */
export function localTitle(titlesByLanguage: unknown, language: string, path: string, fallback: string): string {
  const base = language.slice(0, 2).toLowerCase();
  const given = (titlesByLanguage as Record<string, Record<string, string>> | null | undefined)?.[base]?.[path];
  return typeof given === 'string' && given ? given : fallback;
}

/**
 * Title helpers that fall back to the id when the template gives none; in `language` where the
 * template gives titles in it (version 2 title maps), else in its default language.
 */
export function titles(def: TemplateDefinition | undefined, language = 'en') {
  const local = (path: string, fallback: string) => localTitle(def?.titles, language, path, fallback);
  const gateIndex = (id: string) => def?.gates.findIndex((g) => g.id === id) ?? -1;
  return {
    phase: (id: string) => local(`phases.${id}.title`, def?.phases.find((p) => p.id === id)?.title ?? id),
    gate: (id: string) => (gateIndex(id) >= 0 ? local(`gates[${gateIndex(id)}].title`, def!.gates[gateIndex(id)].title) : milestone(id)),
    role: (id: string) => local(`roles.${id}.title`, def?.roles[id]?.title ?? id),
    roleScope: (id: string) => def?.roles[id]?.scope ?? 'agency',
    artefact: (id: string) => local(`artefacts.${id}.title`, def?.artefacts[id]?.title ?? id),
    indicator: (id: string) => local(`indicators.${id}.title`, def?.indicators[id]?.title ?? id),
    field: (artefactType: string, id: string) => local(`artefacts.${artefactType}.fields.${id}.title`, def?.artefacts[artefactType]?.fields[id]?.title || id),
    attribute: (id: string) => local(`attributes.${id}.title`, def?.attributes[id]?.title || id),
    /** The declaration of an artefact field or an attribute (its type and currency), when the template has it. */
    fieldOf: (artefactType: string, id: string): FieldDefinition | undefined => def?.artefacts[artefactType]?.fields[id],
    attributeOf: (id: string): FieldDefinition | undefined => def?.attributes[id],
    milestone,
  };
  function milestone(id: string) {
    for (const p of def?.phases ?? []) {
      const m = p.milestones.find((x) => x.id === id);
      if (m) return local(`phases.${p.id}.milestones.${id}.title`, m.title);
    }
    return id;
  }
}
