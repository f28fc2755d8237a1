// Validating and compiling templates. A generated template of 200 phases and 400 gates
// goes through loadTemplate + compileMachine + toMermaid; the baseline in the same run is
// the `yaml` package alone parsing the same text. The same chain with 400 CEL `checks`
// (template language version 2, each type-checked against the declarations) through
// loadTemplate, against `yaml.parse` of its text; also the CPU time of both. Also the wall time of
// `npm run cli -- template validate templates/*.yaml` against a bare `node -e ""`.
const { spawnSync } = require('node:child_process');
const { readdirSync } = require('node:fs');
const { join } = require('node:path');
const YAML = require('yaml');
const { now, stats, timeIt } = require('./lib');

const engine = () => require('../dist/libs/engine/src');

/** A chain of `phases` phases, each with a forward gate and a loop back, ending in two finals. */
function generateTemplate(phases = 200) {
  const lines = ['key: generated', 'version: 1', 'title: Generated', 'roles:', '  reviewer: { title: Reviewer }', 'artefacts:', '  report: { title: Report }', 'phases:'];
  for (let i = 0; i < phases - 2; i++) lines.push(`  p${i}: { title: Phase ${i}, due: P3M }`);
  lines.push('  done: { final: true }', '  dropped: { final: true }', 'gates:');
  let gates = 0;
  for (let i = 0; i < phases - 2; i++) {
    const next = i === phases - 3 ? 'done' : `p${i + 1}`;
    lines.push(`  - { id: g${i}_next, from: p${i}, to: ${next}, requires: { artefacts: [ { type: report } ], approvals: [ { role: reviewer, of: report } ] } }`);
    gates++;
    lines.push(`  - { id: g${i}_drop, from: p${i}, to: ${i === 0 ? 'dropped' : `p${i - 1}`}, requires: { approvals: [ { role: reviewer } ] } }`);
    gates++;
  }
  while (gates < 2 * phases) {
    lines.push(`  - { id: extra${gates}, from: p0, to: dropped, requires: { approvals: [ { role: reviewer } ] } }`);
    gates++;
  }
  return { text: lines.join('\n') + '\n', phases, gates };
}

/**
 * The same chain in template language version 2: typed attributes (money among them), an
 * artefact with fields, two derived values and `checks` on the gates, `checks` CEL rules in
 * all, of a few shapes (comparisons on attributes, amounts and derived values, the latest
 * artefact's fields, null tests, a comprehension over a list literal, `daysInPhase`).
 */
function generateCelTemplate(phases = 200, checks = 400) {
  const lines = [
    'key: generated-cel',
    'version: 1',
    'title: Generated with CEL checks',
    'roles:',
    '  reviewer: { title: Reviewer }',
    'attributes:',
    '  members: { type: integer, min: 0, required: true }',
    '  budget: { type: money, currency: EUR, min: 0, required: true }',
    '  region: { type: string, values: [north, south, east, west] }',
    '  share: { type: number, min: 0, max: 1 }',
    'derived:',
    `  grant_share: "attributes.region in ['north', 'east'] ? 0.8 : 0.7"`,
    "  large: 'attributes.members >= 50'",
    'indicators:',
    '  jobs: { title: Jobs, aggregation: sum }',
    'artefacts:',
    '  report:',
    '    title: Report',
    '    fields:',
    '      firms: { type: integer, min: 0, required: true }',
    '      cost: { type: money, currency: EUR, required: true }',
    '      grant: { type: money, currency: EUR, required: true }',
    '      complete: { type: boolean, required: true }',
    'phases:',
  ];
  const shapes = [
    (i) => `attributes.members >= ${i % 40}`,
    () => `artefacts.report.grant <= artefacts.report.cost * derived.grant_share`,
    (i) => `has(artefacts.report) && artefacts.report.firms > ${i % 25} && artefacts.report.complete`,
    (i) => `attributes.region in ['north', 'south'] || derived.large || attributes.share < 0.${(i % 9) + 1}`,
    (i) => `[${i % 7}, ${(i + 3) % 11}, ${(i + 5) % 13}].all(x, x <= attributes.members)`,
    (i) => `!has(indicators.jobs) || indicators.jobs >= ${i % 30}.0`,
    (i) => `daysInPhase >= ${i % 90}.0 && phase == 'p${i % (phases - 2)}'`,
    () => `size(attributes.region) > 0 && attributes.budget >= artefacts.report.grant`,
  ];
  for (let i = 0; i < phases - 2; i++) lines.push(`  p${i}: { title: Phase ${i}, due: P3M }`);
  lines.push('  done: { final: true }', '  dropped: { final: true }', 'gates:');
  const per = Math.ceil(checks / (phases - 2));
  let made = 0;
  let gates = 0;
  for (let i = 0; i < phases - 2; i++) {
    const next = i === phases - 3 ? 'done' : `p${i + 1}`;
    const n = Math.min(per, checks - made);
    const list = Array.from({ length: n }, (_, k) => {
      const j = made + k;
      return `        - { expr: ${JSON.stringify(shapes[j % shapes.length](j))}, message: Check ${j} }`;
    });
    made += n;
    lines.push(`  - id: g${i}_next`, `    from: p${i}`, `    to: ${next}`, '    requires:', '      artefacts: [ { type: report } ]', '      approvals: [ { role: reviewer, of: report } ]');
    if (list.length) lines.push('      checks:', ...list);
    gates++;
    lines.push(`  - { id: g${i}_drop, from: p${i}, to: ${i === 0 ? 'dropped' : `p${i - 1}`}, requires: { approvals: [ { role: reviewer } ] } }`);
    gates++;
  }
  return { text: lines.join('\n') + '\n', phases, gates, checks: made };
}

module.exports = async function templatesBench({ rounds = 20 } = {}) {
  const { loadTemplate, compileMachine, toMermaid } = engine();
  const gen = generateTemplate(200);
  const check = loadTemplate(gen.text);
  if (check.errors.length) throw new Error(`generated template is invalid: ${JSON.stringify(check.errors.slice(0, 3))}`);
  // Warm up the JIT and the schema compilation, then measure.
  for (let i = 0; i < 3; i++) loadTemplate(gen.text);
  const parseOnly = timeIt(() => YAML.parse(gen.text), rounds);
  const full = timeIt(() => {
    const { template } = loadTemplate(gen.text);
    compileMachine(template);
    toMermaid(template);
  }, rounds);

  // Version 2: the same size with 400 CEL checks, each type-checked against the declarations.
  const cel = generateCelTemplate(200, 400);
  const celCheck = loadTemplate(cel.text);
  if (celCheck.errors.length) throw new Error(`generated CEL template is invalid: ${JSON.stringify(celCheck.errors.slice(0, 3))}`);
  for (let i = 0; i < 3; i++) loadTemplate(cel.text);
  const celParse = timeIt(() => YAML.parse(cel.text), rounds);
  const celValidate = timeIt(() => loadTemplate(cel.text), rounds);
  // CPU time of this process per round (user + system): on a shared machine the wall time also
  // counts the time other processes held the cores.
  const cpuMs = (fn) => {
    const start = process.cpuUsage();
    for (let i = 0; i < rounds; i++) fn();
    const used = process.cpuUsage(start);
    return Math.round((used.user + used.system) / rounds / 100) / 10;
  };
  const celCpu = { parseCpuMs: cpuMs(() => YAML.parse(cel.text)), validateCpuMs: cpuMs(() => loadTemplate(cel.text)) };

  const root = join(__dirname, '..');
  const files = readdirSync(join(root, 'templates')).filter((f) => f.endsWith('.yaml')).map((f) => join('templates', f));
  const wall = (args) => {
    const t0 = now();
    const res = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
    if (res.status !== 0) throw new Error(`${args.join(' ')} failed: ${res.stdout}${res.stderr}`);
    return now() - t0;
  };
  const cli = [];
  const bare = [];
  for (let i = 0; i < 5; i++) {
    bare.push(wall(['-e', '']));
    cli.push(wall([join(root, 'scripts/cli.js'), 'template', 'validate', ...files]));
  }
  const data = {
    generatedPhases: gen.phases,
    generatedGates: gen.gates,
    generatedTemplateBytes: Buffer.byteLength(gen.text),
    celTemplateBytes: Buffer.byteLength(cel.text),
    celChecks: cel.checks,
    celParseCpuMs: celCpu.parseCpuMs,
    celValidateCpuMs: celCpu.validateCpuMs,
    shippedTemplates: files.length,
  };
  return [
    { name: `templates: yaml.parse of ${gen.phases} phases / ${gen.gates} gates (baseline)`, unit: 'ms', ...parseOnly, data },
    { name: `templates: load + validate + compile + diagram of ${gen.phases} phases / ${gen.gates} gates`, unit: 'ms', ...full, ratio: full.p50 / parseOnly.p50, goal: 'p50 < 100' },
    { name: `templates: yaml.parse of ${cel.phases} phases / ${cel.checks} CEL checks (baseline)`, unit: 'ms', ...celParse },
    { name: `templates: load + validate (CEL type-checked) of ${cel.phases} phases / ${cel.checks} CEL checks`, unit: 'ms', ...celValidate, ratio: celValidate.p50 / celParse.p50, goal: 'p50 < 150' },
    { name: 'cli: bare `node -e ""` (baseline)', unit: 'ms', ...stats(bare) },
    { name: `cli: template validate of ${files.length} shipped templates (wall)`, unit: 'ms', ...stats(cli), ratio: stats(cli).p50 / stats(bare).p50, goal: 'p50 < 2000' },
  ];
};
module.exports.generateTemplate = generateTemplate;
module.exports.generateCelTemplate = generateCelTemplate;
