// Validating and compiling templates. A generated template of 200 phases and 400 gates
// goes through loadTemplate + compileMachine + toMermaid; the baseline in the same run is
// the `yaml` package alone parsing the same text. Also the wall time of
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
  const data = { generatedPhases: gen.phases, generatedGates: gen.gates, generatedTemplateBytes: Buffer.byteLength(gen.text), shippedTemplates: files.length };
  return [
    { name: `templates: yaml.parse of ${gen.phases} phases / ${gen.gates} gates (baseline)`, unit: 'ms', ...parseOnly, data },
    { name: `templates: load + validate + compile + diagram of ${gen.phases} phases / ${gen.gates} gates`, unit: 'ms', ...full, ratio: full.p50 / parseOnly.p50, goal: 'p50 < 100' },
    { name: 'cli: bare `node -e ""` (baseline)', unit: 'ms', ...stats(bare) },
    { name: `cli: template validate of ${files.length} shipped templates (wall)`, unit: 'ms', ...stats(cli), ratio: stats(cli).p50 / stats(bare).p50, goal: 'p50 < 2000' },
  ];
};
