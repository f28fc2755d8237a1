// How fast hostile documents are refused: the work Apollo does before answering
// QUERY_TOO_COMPLEX (parse with the token limit, then validate with graphql-js's rules and
// the query-limit rules), in process, on the schema the server serves (schema.gql). The
// baseline in the same run is the same work for a small legitimate query; a legitimate
// page of 50 clusters with every nested list shows what passing the limits costs.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { buildSchema, parse, specifiedRules, validate } = require('graphql');
const { timeIt } = require('./lib');

const limits = () => require('../dist/apps/api/src/graphql/limits');

/** Parses and validates as Apollo does; returns 'ok', 'too complex' or the first other message. */
function check(schema, query) {
  const { parseOptions, queryLimitRules, graphqlJsLimitError } = limits();
  const tooComplex = (e) => e.extensions.code === 'QUERY_TOO_COMPLEX' || graphqlJsLimitError(e) !== undefined;
  let doc;
  try {
    doc = parse(query, parseOptions);
  } catch (e) {
    return tooComplex(e) ? 'too complex' : e.message;
  }
  const errors = validate(schema, doc, [...specifiedRules, ...queryLimitRules]);
  if (!errors.length) return 'ok';
  return errors.some(tooComplex) ? 'too complex' : errors[0].message;
}

const CLUSTER = `id name sector region country attributes templateKey templateVersion phase status enteredPhaseAt due overdue
  cdaIds roleAssignments { userId role } score eligible version milestones { milestone reached reachedAt }
  gates { gate to ready unmet { kind detail role artefactType indicator milestone attribute have need } }
  artefacts { id type title latest { id number } versions { id artefactId number type title uri sha256 fields submittedBy submittedAt } }
  decisions { id clusterId clusterName gate role outcome comment decidedBy decidedAt counts artefactVersion { id number } }
  indicators { indicator aggregate baseline target progress values { indicator period value recordedBy recordedAt } targets { period value } }
  history { phase enteredAt leftAt viaGate suspendedDays }`;

const CASES = [
  ['small query { me { userId agency roles } } (baseline)', '{ me { userId agency roles } }', 'ok'],
  ['legitimate: a page of 50 clusters with every nested list', `{ clusters(first: 50) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${CLUSTER} } } } }`, 'ok'],
  ['depth 50 (introspection ofType chain)', `{ __schema { types { ${'ofType { '.repeat(47)}name${' }'.repeat(47)} } } }`, 'too complex'],
  ['1,000 aliases of health (3,002 tokens)', `{ ${Array.from({ length: 1000 }, (_, i) => `a${i}: health`).join(' ')} }`, 'too complex'],
  ['1,000 aliases of validateTemplate (over the token limit)', `query($s: String!) { ${Array.from({ length: 1000 }, (_, i) => `a${i}: validateTemplate(source: $s) { valid }`).join(' ')} }`, 'too complex'],
  ['one field repeated 2,400 times (overlapping-fields check)', `{ ${'health '.repeat(2400)}}`, 'too complex'],
  ['200 @include directives (1,202 tokens)', `{ health ${'@include(if: true) '.repeat(200)}}`, 'too complex'],
  ['100,000 tokens of nothing but fields', `{ ${'health '.repeat(100_000)}}`, 'too complex'],
  ['cost: a page of 500 clusters with every nested list', `{ clusters(first: 500) { edges { node { ${CLUSTER} } } } }`, 'too complex'],
];

module.exports = async function queryLimitsBench({ rounds = 50 } = {}) {
  const schema = buildSchema(readFileSync(join(__dirname, '../schema.gql'), 'utf8'));
  const results = [];
  let baseline;
  for (const [name, query, want] of CASES) {
    const got = check(schema, query);
    if (got !== want) throw new Error(`${name}: expected ${want}, got ${got}`);
    for (let i = 0; i < 3; i++) check(schema, query);
    const s = timeIt(() => check(schema, query), rounds);
    baseline ??= s;
    const row = { name: `query limits: ${name} (${got})`, unit: 'ms', ...s, data: { [`documentBytes: ${name}`]: Buffer.byteLength(query) } };
    if (s !== baseline) Object.assign(row, { ratio: s.p50 / baseline.p50, goal: want === 'ok' ? 'p50 < 20' : 'p50 < 10' });
    results.push(row);
  }
  return results;
};
