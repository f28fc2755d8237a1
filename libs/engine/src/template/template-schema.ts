/**
 * JSON Schema (draft 2020-12) of programme template language version 1. This object is
 * the source of truth; `templates/schema/programme-template.schema.json` is generated
 * from it (a spec test fails when the committed file drifts).
 *
 * The schema checks shape only; cross-references and the phase graph are checked by
 * semantic-checks.ts and analysis.ts.
 */
import { MAX_CHECKS_PER_REQUIREMENT, MAX_DERIVED, MAX_EXPRESSION_LENGTH } from './expression-limits';
import { ACCEPT_EXTENSIONS, MAX_FILES_PER_VERSION } from '../limits';
import { CURRENCY_PATTERN } from './money';
import { LANGUAGE_PATTERN } from './languages';

export const ID_PATTERN = '^[a-z][a-z0-9_]{0,62}$';
export const KEY_PATTERN = '^[a-z][a-z0-9-]{1,62}$';
/** ISO 8601 duration with integer components: P3M, P18M, P2Y, P10D, P2W, P1Y6M, PT12H. */
export const DURATION_PATTERN =
  '^P(?!$)(?:[0-9]+Y)?(?:[0-9]+M)?(?:[0-9]+W)?(?:[0-9]+D)?(?:T(?=[0-9])(?:[0-9]+H)?(?:[0-9]+M)?(?:[0-9]+S)?)?$';
export const SCHEMA_ID = 'https://clusterflow.dev/schema/programme-template.schema.json';

/**
 * Each pattern in words, for people: the schema's `patternErrorMessage` (what VS Code's YAML
 * extension, yaml-language-server, shows instead of the regular expression) and its
 * `description`, and the server's own problem for a value that does not match.
 */
export const PATTERN_WORDS = {
  [ID_PATTERN]: 'an id: a lowercase letter, then up to 62 lowercase letters, digits or underscores, such as select_cluster',
  [KEY_PATTERN]: 'a template key: a lowercase letter, then 1 to 62 lowercase letters, digits or hyphens, such as unido-cda',
  [DURATION_PATTERN]: 'an ISO 8601 duration in whole numbers, such as P30D (30 days), P2W, P6M, P18M, P1Y6M or PT12H',
  [CURRENCY_PATTERN]: 'an ISO 4217 currency code: three capital letters, such as INR, EUR or USD',
  [LANGUAGE_PATTERN]: 'an ISO 639-1 language code: two lowercase letters, such as en, fr or es',
} as const;

/** `pattern` with its `patternErrorMessage` (an editor keyword, declared to ajv in schema-validation.ts) and a `description`. */
const patterned = (pattern: keyof typeof PATTERN_WORDS, description: string) => ({ pattern, patternErrorMessage: `Must be ${PATTERN_WORDS[pattern]}.`, description });

const ref = (name: string) => ({ $ref: `#/$defs/${name}` });

/**
 * Size limits, so that checking, compiling and running a template stays cheap whatever is
 * sent (docs/template-language-notes.md, "Limits"). Generous for real programmes: the
 * shipped templates have at most 12 phases, 16 gates and 6 milestones in a phase.
 */
export const TEMPLATE_LIMITS = {
  /** Phases in a template. */
  phases: 200,
  /** Gates in a template. */
  gates: 500,
  /** Milestones in one phase. */
  milestonesPerPhase: 100,
  /** Entries of each list under one `requires` (artefacts, approvals, indicators, milestones), and phases in a gate's `from`. */
  itemsPerRequirement: 50,
  /** Roles, artefact types, indicators, attributes, selection criteria, eligibility thresholds; fields of an artefact type; `values` of a field. */
  declarations: 200,
} as const;

/**
 * Roles, artefact types, phases, milestones and `requires` have only optional
 * properties, so they may be left empty (`start:`), meaning "all defaults".
 */

/** Extension keys (`x-...`) are allowed on every nested object, never at the top level. */
const extensions = { '^x-': { description: 'Extension key, ignored by the engine.' } };

const idMap = (valueDef: string, description: string, maxProperties: number, minProperties = 0) => ({
  type: 'object',
  description: `${description} At most ${maxProperties}.`,
  propertyNames: ref('id'),
  additionalProperties: ref(valueDef),
  ...(minProperties > 0 ? { minProperties } : {}),
  maxProperties,
});
const L = TEMPLATE_LIMITS;

export const programmeTemplateSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: SCHEMA_ID,
  title: 'Clusterflow programme template (language version 1)',
  description:
    'One YAML document describing a cluster development programme: phases, the gates between them, and what each gate requires.',
  type: 'object',
  required: ['key', 'version', 'phases'],
  additionalProperties: false,
  properties: {
    $schema: { type: 'string', description: 'Optional pointer to this schema, for editors.' },
    key: {
      type: 'string',
      ...patterned(KEY_PATTERN, 'Unique within one agency: a lowercase letter, then 1 to 62 lowercase letters, digits or hyphens, e.g. `unido-cda`.'),
      title: 'Template key',
    },
    version: {
      type: 'integer',
      minimum: 1,
      title: 'Template version',
      description: 'Positive integer; (agency, key, version) is immutable once published.',
    },
    title: ref('title'),
    description: ref('description'),
    languages: {
      type: 'array',
      items: ref('language'),
      minItems: 1,
      maxItems: 20,
      uniqueItems: true,
      description: 'Version 2: the languages the template gives titles in, the first being the default. Any `title` may then be a map from language to text, e.g. `{ en: Selection, fr: Sélection }`.',
    },
    roles: idMap('role', 'Every role a gate names must be declared here (`cda` is built in).', L.declarations),
    attributes: idMap('field', 'Typed facts recorded when a cluster is registered.', L.declarations),
    selection: ref('selection'),
    artefacts: idMap('artefactType', 'Document types; `fields` is the metadata a submitter must give.', L.declarations),
    indicators: idMap('indicator', 'Monitoring and evaluation indicators recorded per period.', L.declarations),
    derived: {
      type: 'object',
      description: `Version 2: computed values, shown on the cluster and usable in checks as \`derived.<id>\`: each a CEL expression over attributes, earlier derived values, score, indicators, artefacts, phase and daysInPhase. At most ${MAX_DERIVED}.`,
      propertyNames: ref('id'),
      additionalProperties: ref('expression'),
      maxProperties: MAX_DERIVED,
    },
    phases: idMap(
      'phase',
      'Ordered; the first is the initial phase unless one says `initial: true`.',
      L.phases,
      1,
    ),
    gates: {
      type: 'array',
      description: `Transitions between phases and what each requires. At most ${L.gates}.`,
      items: ref('gate'),
      maxItems: L.gates,
    },
    migration: ref('migration'),
  },
  $defs: {
    expression: {
      type: 'string',
      minLength: 1,
      maxLength: MAX_EXPRESSION_LENGTH,
      description: `A CEL expression (Common Expression Language, as in Kubernetes validation rules), at most ${MAX_EXPRESSION_LENGTH} characters.`,
    },
    check: {
      type: 'object',
      title: 'Check',
      required: ['expr', 'message'],
      additionalProperties: false,
      patternProperties: extensions,
      properties: {
        expr: { ...ref('expression'), description: 'A CEL expression that must be true (version 2).' },
        message: { type: 'string', minLength: 1, maxLength: 500, description: 'Said to people when the expression is false (the unmet requirement\'s detail).' },
        description: ref('description'),
      },
    },
    migration: {
      type: 'object',
      title: 'Migration',
      description:
        'How clusters running on an earlier version move to this one (`migrate`): a phase of version `from` that this version renames or drops is mapped onto one of its phases; other phases keep their id.',
      required: ['from'],
      additionalProperties: false,
      patternProperties: extensions,
      properties: {
        from: { type: 'integer', minimum: 1, description: 'The earlier version this mapping applies to.' },
        phases: {
          type: 'object',
          description: 'Phase id in version `from` → phase id in this version (optional when every phase keeps its id).',
          propertyNames: ref('id'),
          additionalProperties: ref('id'),
          maxProperties: L.phases,
        },
        gates: {
          type: 'object',
          description:
            'Version 2: renamed gates, gate id in version `from` → gate id in this version. Decisions given under the old id keep counting for the new one after migration.',
          propertyNames: ref('id'),
          additionalProperties: ref('id'),
          maxProperties: L.gates,
        },
      },
    },
    id: {
      type: 'string',
      ...patterned(ID_PATTERN, 'An id: a lowercase letter followed by up to 62 lowercase letters, digits or underscores, e.g. `select_cluster`.'),
    },
    duration: {
      type: 'string',
      ...patterned(DURATION_PATTERN, 'An ISO 8601 duration in whole numbers: P, then years (Y), months (M), weeks (W) and days (D), and after a T hours (H), minutes (M) and seconds (S), e.g. P30D, P6M, P18M, P1Y6M, PT12H.'),
    },
    title: {
      type: ['string', 'object'],
      minLength: 1,
      propertyNames: ref('language'),
      additionalProperties: { type: 'string', minLength: 1 },
      minProperties: 1,
      description:
        'Human-readable name; defaults to the id. Version 2: with `languages`, a map from language to text (it must give the default language, the first of `languages`).',
    },
    language: {
      type: 'string',
      ...patterned(LANGUAGE_PATTERN, 'An ISO 639-1 language code: two lowercase letters, e.g. en, fr, es.'),
    },
    description: { type: 'string', description: 'Free text.' },
    scalar: { type: ['string', 'number', 'boolean'] },
    role: {
      type: ['object', 'null'],
      title: 'Role',
      additionalProperties: false,
      patternProperties: extensions,
      properties: {
        title: ref('title'),
        description: ref('description'),
        scope: {
          enum: ['agency', 'cluster'],
          default: 'agency',
          description:
            '`cluster`: only people assigned to the role on a given cluster decide there; `agency` (default): anyone holding the role in the agency.',
        },
      },
    },
    field: {
      type: 'object',
      title: 'Typed field',
      required: ['type'],
      additionalProperties: false,
      patternProperties: extensions,
      properties: {
        type: {
          enum: ['string', 'integer', 'number', 'boolean', 'date', 'money'],
          description: '`date` is an ISO 8601 calendar date; `money` (version 2) an exact amount with at most two decimals, in `currency`.',
        },
        title: ref('title'),
        description: ref('description'),
        currency: {
          type: 'string',
          ...patterned(CURRENCY_PATTERN, 'Version 2, money only (and required there): the ISO 4217 code of the amounts, e.g. INR, EUR, USD.'),
        },
        min: { type: 'number', description: 'Lower bound (integer, number and money only; money: at most two decimals).' },
        max: { type: 'number', description: 'Upper bound (integer, number and money only; money: at most two decimals).' },
        values: {
          type: 'array',
          items: { type: 'string' },
          minItems: 1,
          maxItems: L.declarations,
          uniqueItems: true,
          description: `The allowed strings (string only). At most ${L.declarations}.`,
        },
        required: { type: 'boolean', default: false },
      },
    },
    selection: {
      type: 'object',
      title: 'Selection scoring framework',
      required: ['scale', 'criteria'],
      additionalProperties: false,
      patternProperties: extensions,
      properties: {
        scale: {
          type: 'object',
          required: ['min', 'max'],
          additionalProperties: false,
          patternProperties: extensions,
          properties: { min: { type: 'number' }, max: { type: 'number' } },
          description: 'Every criterion is scored on this scale.',
        },
        criteria: idMap('criterion', 'Weights are relative; the score is the weighted mean on the scale.', L.declarations, 1),
        eligibility: {
          type: 'array',
          items: ref('threshold'),
          maxItems: L.declarations,
          description: `Hard thresholds on attributes, kept apart from the score. At most ${L.declarations}.`,
        },
      },
    },
    criterion: {
      type: 'object',
      required: ['weight'],
      additionalProperties: false,
      patternProperties: extensions,
      properties: {
        weight: { type: 'number', exclusiveMinimum: 0, description: 'Relative weight, positive.' },
        title: ref('title'),
        description: ref('description'),
      },
    },
    threshold: {
      type: 'object',
      required: ['attribute'],
      additionalProperties: false,
      patternProperties: extensions,
      properties: {
        attribute: ref('id'),
        min: { type: 'number' },
        max: { type: 'number' },
        equals: ref('scalar'),
      },
    },
    artefactType: {
      type: ['object', 'null'],
      title: 'Artefact type',
      additionalProperties: false,
      patternProperties: extensions,
      properties: {
        title: ref('title'),
        description: ref('description'),
        fields: idMap('field', 'Metadata a submitter must give with each version.', L.declarations),
        submitters: {
          type: 'array',
          items: ref('id'),
          minItems: 1,
          maxItems: L.itemsPerRequirement,
          uniqueItems: true,
          description:
            "Roles that may submit this type (version 2): `cda` means the cluster's assigned CDAs; other roles count agency-wide, or where assigned for `scope: cluster` roles. Agency admins always may. Default: the cluster's CDAs.",
        },
        files: {
          type: 'object',
          title: 'Attached files',
          additionalProperties: false,
          description:
            'Files each version carries (version 2; uploaded with POST /files). A version with fewer than `min` is accepted but does not count for the artefact requirement; more than `max`, or a kind outside `accept`, is refused.',
          properties: {
            min: { type: 'integer', minimum: 0, maximum: MAX_FILES_PER_VERSION, description: 'Files a version needs to count (default 0).' },
            max: { type: 'integer', minimum: 1, maximum: MAX_FILES_PER_VERSION, description: `Files a version may carry (default and at most ${MAX_FILES_PER_VERSION}).` },
            accept: {
              type: 'array',
              items: { enum: ACCEPT_EXTENSIONS },
              minItems: 1,
              uniqueItems: true,
              description: 'Kinds of file accepted, as extensions; the kind is read from the bytes, not from the name. Default: any.',
            },
          },
        },
      },
    },
    indicator: {
      type: 'object',
      title: 'Indicator',
      required: ['aggregation'],
      additionalProperties: false,
      patternProperties: extensions,
      properties: {
        title: ref('title'),
        description: ref('description'),
        unit: { type: 'string' },
        aggregation: { enum: ['sum', 'last', 'avg', 'max', 'min'], description: 'How periods combine.' },
      },
    },
    phase: {
      type: ['object', 'null'],
      title: 'Phase',
      additionalProperties: false,
      patternProperties: extensions,
      properties: {
        title: ref('title'),
        description: ref('description'),
        initial: { type: 'boolean', description: 'Marks the initial phase (default: the first phase).' },
        final: { type: 'boolean', description: 'Final phases end the cluster\'s life and have no outgoing gates.' },
        due: { ...ref('duration'), description: 'Expected time in the phase, excluding suspension.' },
        milestones: idMap('milestone', 'Checkpoints inside the phase that do not change the phase.', L.milestonesPerPhase),
        expires: ref('expiry'),
      },
    },
    expiry: {
      type: 'object',
      title: 'Expiry',
      description:
        'Version 2: when a cluster has spent `after` in this phase (counted from entering it, suspension excluded), the system moves it to phase `to` (a PHASE_EXPIRED event, actor `system`) and tells its CDAs and the agency admins. Not on a final phase.',
      required: ['after', 'to'],
      additionalProperties: false,
      patternProperties: extensions,
      properties: {
        after: { ...ref('duration'), description: 'How long the phase lasts at most, excluding suspension, e.g. P2Y.' },
        to: { ...ref('id'), description: 'The declared phase the cluster is moved to; not this phase itself.' },
      },
    },
    escalation: {
      type: 'object',
      title: 'Escalation',
      description:
        'Version 2: when the gate is still unmet `after` the cluster entered its `from` phase (suspension excluded), an ESCALATED event is recorded (actor `system`) and role `to` is told; once per gate and phase visit.',
      required: ['after', 'to'],
      additionalProperties: false,
      patternProperties: extensions,
      properties: {
        after: { ...ref('duration'), description: 'How long the gate may stay unmet in a phase visit, excluding suspension, e.g. P30D.' },
        to: { ...ref('id'), description: 'The declared role told (or `cda`: the cluster\'s CDAs); agency-wide, or where assigned for `scope: cluster` roles.' },
      },
    },
    milestone: {
      type: ['object', 'null'],
      title: 'Milestone',
      additionalProperties: false,
      patternProperties: extensions,
      properties: {
        title: ref('title'),
        description: ref('description'),
        requires: ref('requirements'),
      },
    },
    gate: {
      type: 'object',
      title: 'Gate',
      required: ['id', 'from', 'to'],
      additionalProperties: false,
      patternProperties: extensions,
      properties: {
        id: ref('id'),
        title: ref('title'),
        description: ref('description'),
        from: {
          type: ['string', 'array'],
          ...patterned(ID_PATTERN, `A phase id, or a list of at most ${L.itemsPerRequirement} phase ids (ids: a lowercase letter, then up to 62 lowercase letters, digits or underscores).`),
          items: ref('id'),
          minItems: 1,
          maxItems: L.itemsPerRequirement,
          uniqueItems: true,
        },
        to: ref('id'),
        requires: ref('requirements'),
        escalate: ref('escalation'),
      },
    },
    requirements: {
      type: ['object', 'null'],
      title: 'Requirements',
      additionalProperties: false,
      patternProperties: extensions,
      properties: {
        artefacts: { type: 'array', items: ref('artefactRequirement'), maxItems: L.itemsPerRequirement },
        approvals: { type: 'array', items: ref('approvalRequirement'), maxItems: L.itemsPerRequirement },
        score: {
          type: 'object',
          required: ['min'],
          additionalProperties: false,
          properties: { min: { type: 'number' } },
          description: 'Minimum weighted selection score (needs `selection`).',
        },
        eligible: { type: 'boolean', description: '`true`: every eligibility threshold must hold.' },
        indicators: { type: 'array', items: ref('indicatorRequirement'), maxItems: L.itemsPerRequirement },
        milestones: {
          type: 'array',
          items: ref('id'),
          maxItems: L.itemsPerRequirement,
          uniqueItems: true,
          description: `Milestones of the current phase that must have been reached. At most ${L.itemsPerRequirement}.`,
        },
        after: { ...ref('duration'), description: 'Minimum time in the phase, excluding suspension.' },
        checks: {
          type: 'array',
          items: ref('check'),
          maxItems: MAX_CHECKS_PER_REQUIREMENT,
          description: `Version 2: rules that must hold, each a CEL expression with the message shown when it does not. At most ${MAX_CHECKS_PER_REQUIREMENT}.`,
        },
        conditions: {
          enum: ['closed'],
          description: '`closed`: every condition of an approval with conditions on the cluster must be closed (version 2).',
        },
      },
    },
    artefactRequirement: {
      type: 'object',
      required: ['type'],
      additionalProperties: false,
      patternProperties: extensions,
      properties: {
        type: ref('id'),
        count: { type: 'integer', minimum: 1, default: 1 },
        where: {
          type: 'object',
          propertyNames: ref('id'),
          additionalProperties: ref('scalar'),
          maxProperties: L.declarations,
          description: 'Equality on the latest version\'s metadata fields.',
        },
      },
    },
    approvalRequirement: {
      type: 'object',
      required: ['role'],
      additionalProperties: false,
      patternProperties: extensions,
      properties: {
        role: ref('id'),
        count: { type: 'integer', minimum: 1, default: 1, description: 'Distinct people needed.' },
        of: { ...ref('id'), description: 'Artefact type the decisions are bound to.' },
      },
    },
    indicatorRequirement: {
      type: 'object',
      required: ['indicator'],
      additionalProperties: false,
      patternProperties: extensions,
      properties: {
        indicator: ref('id'),
        min: { type: 'number' },
        max: { type: 'number' },
      },
    },
  },
} as const;
