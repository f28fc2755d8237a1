import {
  CST,
  Composer,
  Document,
  LineCounter,
  Parser,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  type Node as YamlNode,
  type Pair,
  type YAMLMap,
} from 'yaml';
import type { Problem } from './types';
import { formatPath, type PathSegment, type TemplatePath } from './template-path';

/** Inputs larger than this are rejected before parsing. */
export const MAX_SOURCE_BYTES = 1024 * 1024;
/** Collections nested deeper than this are rejected before the document is composed. */
export const MAX_NESTING_DEPTH = 64;
/**
 * Entries of one mapping or list, checked on the CST before the document is composed (the
 * schema's own, smaller limits per section come after): no later step then meets a
 * collection large enough to make a check that is quadratic in its size (ajv's
 * `uniqueItems` on ids is one) expensive.
 */
export const MAX_COLLECTION_ENTRIES = 1000;
/** Problems listed at most (YAML errors, or a template's errors or warnings); one more entry says how many more there are. */
export const MAX_LISTED_PROBLEMS = 200;

/** Lists at most MAX_LISTED_PROBLEMS problems, then one saying how many more there are. `problem` makes each listed one. */
export function listProblems<T>(items: readonly T[], what: string, problem: (item: T) => Problem): Problem[] {
  const listed = items.slice(0, MAX_LISTED_PROBLEMS).map(problem);
  const more = items.length - listed.length;
  if (more > 0) listed.push({ path: '', line: null, column: null, message: `and ${more} more ${what} (only the first ${MAX_LISTED_PROBLEMS} are listed)` });
  return listed;
}

/** Limit on alias expansion (the `yaml` package's measure), against "billion laughs". */
export const MAX_ALIAS_COUNT = 100;

/** Which node of a map entry a problem points at. */
export type NodeTarget = 'key' | 'value';

export interface ParsedSource {
  /** The document converted to plain JSON-like data. */
  data: unknown;
  /** Line and column of the node at `path` (or of its nearest existing ancestor). */
  locate(path: TemplatePath, target: NodeTarget): { line: number | null; column: number | null };
  /** The position of character `offset` of the string value at `path` (inside the expression), or of the value when it cannot be mapped. */
  locateInside(path: TemplatePath, offset: number): { line: number | null; column: number | null };
}

export type ParseOutcome = { ok: true; source: ParsedSource } | { ok: false; errors: Problem[] };

const fail = (message: string, line: number | null = null, column: number | null = null, path = ''): ParseOutcome => ({
  ok: false,
  errors: [{ path, line, column, message }],
});

/** Turns input into text, refusing oversized and non-UTF-8 input with one problem. */
export function decodeSource(source: unknown): { ok: true; text: string } | { ok: false; errors: Problem[] } {
  if (typeof source === 'string') {
    // A JS string's UTF-8 size is at least its length and at most three times it.
    if (source.length > MAX_SOURCE_BYTES || (source.length * 3 > MAX_SOURCE_BYTES && utf8Length(source) > MAX_SOURCE_BYTES)) {
      return tooLarge();
    }
    return { ok: true, text: source };
  }
  if (source instanceof Uint8Array) {
    if (source.byteLength > MAX_SOURCE_BYTES) return tooLarge();
    try {
      const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(source);
      return { ok: true, text };
    } catch {
      return {
        ok: false,
        errors: [{ path: '', line: null, column: null, message: 'the template is not valid UTF-8 text' }],
      };
    }
  }
  return { ok: false, errors: [{ path: '', line: null, column: null, message: 'the template must be text (a string or UTF-8 bytes)' }] };
}

function tooLarge(): { ok: false; errors: Problem[] } {
  return {
    ok: false,
    errors: [{ path: '', line: null, column: null, message: `the template is larger than ${MAX_SOURCE_BYTES / 1024 / 1024} MiB` }],
  };
}

function utf8Length(text: string): number {
  return new TextEncoder().encode(text).byteLength;
}

/**
 * Parses one YAML document safely: the CST is built first (the `yaml` parser is iterative),
 * its depth and document count are checked, and only then is the document composed
 * (composition recurses) and converted with a bound on alias expansion.
 */
export function parseYaml(text: string): ParseOutcome {
  const lineCounter = new LineCounter();
  const position = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };

  let tokens: CST.Token[];
  try {
    tokens = Array.from(new Parser(lineCounter.addNewLine).parse(text));
  } catch {
    return fail('the template could not be read as YAML');
  }

  const documents = tokens.filter((t): t is CST.Document => t.type === 'document');
  if (documents.length > 1) {
    const { line, column } = position(documents[1].offset);
    return fail('the file holds several YAML documents; a template is exactly one document', line, column);
  }

  const oversized = findOversized(tokens);
  if (oversized !== null) {
    const { line, column } = position(oversized.offset);
    return oversized.what === 'depth'
      ? fail(`the template nests collections more than ${MAX_NESTING_DEPTH} levels deep`, line, column)
      : fail(`has more than ${MAX_COLLECTION_ENTRIES} entries, more than any part of a template may have`, line, column, formatPath(oversized.path));
  }

  let doc: Document.Parsed | undefined;
  try {
    const composed = Array.from(
      // Duplicate keys are found afterwards with a set per mapping (findDuplicateKeys): the
      // `yaml` package's own check compares each key with every earlier one, which takes
      // minutes on a mapping of 60,000 keys.
      new Composer({ uniqueKeys: false, logLevel: 'silent', version: '1.2', schema: 'core', prettyErrors: false }).compose(tokens, true, text.length),
    );
    doc = composed[0];
  } catch {
    return fail('the template could not be read as YAML');
  }
  if (!doc || doc.contents === null) return fail('the template is empty; it must be a YAML mapping with `key`, `version` and `phases`', 1, 1);

  const syntax = doc.errors.map((e) => ({ offset: e.pos[0], code: e.code, message: e.message }));
  const problems = [...syntax, ...findDuplicateKeys(doc.contents)].sort((a, b) => a.offset - b.offset);
  if (problems.length > 0) {
    const errors = listProblems(problems, 'YAML errors', (e) => {
      const path = 'path' in e ? (e.path as TemplatePath) : pathAtOffset(doc.contents, e.offset);
      return { path: formatPath(path), ...position(e.offset), message: yamlMessage(e.code, e.message, path) };
    });
    return { ok: false, errors };
  }

  const root = doc.contents;
  if (!isMap(root)) {
    const { line, column } = position(root.range?.[0] ?? 0);
    return fail('the template must be a YAML mapping (key: value pairs) at the top level', line, column);
  }

  const badKey = findNonScalarKey(root);
  if (badKey) {
    const { line, column } = position(badKey.offset);
    return fail('keys must be plain strings, not lists or mappings', line, column, formatPath(badKey.path));
  }

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e: unknown) {
    if (e instanceof ReferenceError && /alias/i.test(e.message)) {
      return fail('the template expands aliases excessively (a "YAML bomb"); write the values out instead', 1, 1);
    }
    return fail('the template could not be read as YAML', 1, 1);
  }

  const parsed: Document.Parsed = doc;
  return {
    ok: true,
    source: {
      data,
      locate: (path, target) => {
        const offset = locateOffset(parsed, path, target);
        return offset === null ? { line: null, column: null } : position(offset);
      },
      locateInside: (path, inside) => {
        const start = locateOffset(parsed, path, 'value');
        if (start === null) return { line: null, column: null };
        return position(offsetInScalar(text, start, inside));
      },
    },
  };
}

/**
 * The source offset of character `inside` of a scalar's value that starts at `start`. A plain
 * or quoted scalar on one line maps directly (after the opening quote); a block scalar (`|` or
 * `>`) or a plain scalar over several lines maps line by line: each source line contributes
 * its text without indentation plus one character (a newline or the space it folds into).
 * Escapes in a quoted scalar are not counted (the column may then be off by a few).
 */
function offsetInScalar(text: string, start: number, inside: number): number {
  const first = text[start];
  if (first === '"' || first === "'") return start + 1 + inside;
  let lineStart = start;
  let remaining = inside;
  if (first === '|' || first === '>') {
    const headerEnd = text.indexOf('\n', start);
    if (headerEnd < 0) return start;
    lineStart = headerEnd + 1;
    // Skip blank lines before the content.
    while (lineStart < text.length && /^[ \t]*\r?\n/.test(text.slice(lineStart, lineStart + 200))) lineStart = text.indexOf('\n', lineStart) + 1;
  }
  for (;;) {
    const lineEnd = text.indexOf('\n', lineStart);
    const line = text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd).replace(/\r$/, '');
    const indent = lineStart === start ? 0 : line.length - line.trimStart().length;
    const content = line.slice(indent).trimEnd();
    if (remaining <= content.length || lineEnd < 0) return lineStart + indent + Math.min(remaining, content.length);
    remaining -= content.length + 1;
    lineStart = lineEnd + 1;
  }
}

/** The `yaml` messages repeat the position and quote the source; keep the sentence. */
function yamlMessage(code: string, message: string, path: TemplatePath): string {
  const sentence = message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '').trim();
  const key = path[path.length - 1];
  if (code === 'DUPLICATE_KEY' && typeof key === 'string') return `duplicate key \`${key}\`: each key may appear only once in a mapping`;
  if (code === 'DUPLICATE_KEY') return `duplicate key: ${lowerFirst(sentence)}`;
  return `YAML syntax error: ${lowerFirst(sentence)}`;
}

const lowerFirst = (s: string) => (s === '' ? s : s[0].toLowerCase() + s.slice(1));

/**
 * The first collection nested deeper than MAX_NESTING_DEPTH or holding more than
 * MAX_COLLECTION_ENTRIES entries, or null. Iterative.
 */
function findOversized(tokens: CST.Token[]): { what: 'depth' | 'entries'; offset: number; path: TemplatePath } | null {
  const stack: Array<{ token: CST.Token | undefined; depth: number; path: TemplatePath }> = tokens.map((token) => ({ token, depth: 0, path: [] }));
  while (stack.length > 0) {
    const { token, depth, path } = stack.pop()!;
    if (!token) continue;
    switch (token.type) {
      case 'document':
        stack.push({ token: token.value, depth, path });
        break;
      case 'block-map':
      case 'block-seq':
      case 'flow-collection': {
        const inner = depth + 1;
        if (inner > MAX_NESTING_DEPTH) return { what: 'depth', offset: token.offset, path };
        if (token.items.length > MAX_COLLECTION_ENTRIES) return { what: 'entries', offset: token.offset, path };
        const isMapping = token.type === 'block-map' || (token.type === 'flow-collection' && token.start.source === '{');
        token.items.forEach((item, i) => {
          const kv = item as { key?: CST.Token | null; value?: CST.Token };
          const scalarKey = isMapping && kv.key ? CST.isScalar(kv.key) ? CST.resolveAsScalar(kv.key)?.value : undefined : undefined;
          const itemPath: TemplatePath = isMapping ? [...path, scalarKey ?? ''] : [...path, i];
          if (kv.key) stack.push({ token: kv.key, depth: inner, path: itemPath });
          if (kv.value) stack.push({ token: kv.value, depth: inner, path: itemPath });
        });
        break;
      }
      default:
        break;
    }
  }
  return null;
}

/**
 * Keys repeated within one mapping, in one pass with a set per mapping (scalars are equal
 * when their values are, as the `yaml` package compares them). Each is reported at the
 * repeated key, with its path.
 */
function findDuplicateKeys(root: unknown): Array<{ offset: number; code: string; message: string; path: TemplatePath }> {
  const found: Array<{ offset: number; code: string; message: string; path: TemplatePath }> = [];
  const stack: Array<{ node: unknown; path: TemplatePath }> = [{ node: root, path: [] }];
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? pair.key.value : pair.key;
        if (seen.has(key)) {
          found.push({ offset: (pair.key as YamlNode).range?.[0] ?? 0, code: 'DUPLICATE_KEY', message: 'Map keys must be unique', path: [...path, keyOf(pair.key)] });
        }
        seen.add(key);
        stack.push({ node: pair.value, path: [...path, keyOf(pair.key)] });
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => stack.push({ node: item, path: [...path, i] }));
    }
  }
  return found;
}

function findNonScalarKey(root: YamlNode): { path: TemplatePath; offset: number } | null {
  const stack: Array<{ node: unknown; path: TemplatePath }> = [{ node: root, path: [] }];
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    if (isMap(node)) {
      for (const pair of node.items) {
        if (pair.key !== null && !isScalar(pair.key) && !isAlias(pair.key)) {
          return { path, offset: (pair.key as YamlNode).range?.[0] ?? 0 };
        }
        const key = isScalar(pair.key) ? String(pair.key.value) : '';
        stack.push({ node: pair.value, path: [...path, key] });
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => stack.push({ node: item, path: [...path, i] }));
    }
  }
  return null;
}

/** The path of the deepest node whose source range contains `offset` (for YAML errors). */
function pathAtOffset(root: unknown, offset: number): TemplatePath {
  const path: PathSegment[] = [];
  const contains = (n: unknown) => {
    const range = (n as YamlNode | null)?.range;
    return !!range && range[0] <= offset && offset < Math.max(range[2], range[0] + 1);
  };
  let node: unknown = root;
  for (let depth = 0; depth <= MAX_NESTING_DEPTH; depth++) {
    if (isMap(node)) {
      const pair = node.items.find((p) => contains(p.key) || contains(p.value));
      if (!pair) break;
      path.push(keyOf(pair.key));
      if (contains(pair.key)) break;
      node = pair.value;
    } else if (isSeq(node)) {
      const index = node.items.findIndex(contains);
      if (index < 0) break;
      path.push(index);
      node = node.items[index];
    } else break;
  }
  return path;
}

function keyOf(key: unknown): string {
  if (isScalar(key)) return key.value === null ? '' : String(key.value);
  return '';
}

/**
 * Walks the document along `path`. Returns the offset of the key node (target `key`, when
 * the last segment is a map key) or the value node; when the path does not exist, the
 * nearest existing ancestor (its key node when it has one).
 */
function locateOffset(doc: Document.Parsed, path: TemplatePath, target: NodeTarget): number | null {
  let node: unknown = doc.contents;
  let keyNode: YamlNode | null = null;
  for (const segment of path) {
    const current = isAlias(node) ? node.resolve(doc) : node;
    let found = false;
    if (isMap(current)) {
      const pair = pairsByKey(current).get(String(segment));
      if (pair) {
        keyNode = pair.key as YamlNode;
        node = pair.value;
        found = true;
      }
    } else if (isSeq(current) && typeof segment === 'number' && segment < current.items.length) {
      keyNode = null;
      node = current.items[segment];
      found = true;
    }
    if (!found) return startOf(keyNode) ?? startOf(node);
    if (node === null || node === undefined) return startOf(keyNode);
  }
  if (target === 'key' && keyNode) return startOf(keyNode);
  return startOf(node) ?? startOf(keyNode);
}

/** A mapping's entries by key (the first of repeated keys), built once per mapping: locating many problems stays linear. */
const pairIndex = new WeakMap<object, Map<string, Pair>>();
function pairsByKey(map: YAMLMap): Map<string, Pair> {
  let index = pairIndex.get(map);
  if (!index) {
    index = new Map();
    for (const p of map.items) if (isPair(p) && !index.has(keyOf(p.key))) index.set(keyOf(p.key), p);
    pairIndex.set(map, index);
  }
  return index;
}

function startOf(node: unknown): number | null {
  const range = (node as YamlNode | null)?.range;
  return range ? range[0] : null;
}
