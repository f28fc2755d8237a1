import {
  Composer,
  Document,
  LineCounter,
  Parser,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  type CST,
  type Node as YamlNode,
} from 'yaml';
import type { Problem } from './types';
import { formatPath, type PathSegment, type TemplatePath } from './template-path';

/** Inputs larger than this are rejected before parsing. */
export const MAX_SOURCE_BYTES = 1024 * 1024;
/** Collections nested deeper than this are rejected before the document is composed. */
export const MAX_NESTING_DEPTH = 64;
/** Limit on alias expansion (the `yaml` package's measure), against "billion laughs". */
export const MAX_ALIAS_COUNT = 100;

/** Which node of a map entry a problem points at. */
export type NodeTarget = 'key' | 'value';

export interface ParsedSource {
  /** The document converted to plain JSON-like data. */
  data: unknown;
  /** Line and column of the node at `path` (or of its nearest existing ancestor). */
  locate(path: TemplatePath, target: NodeTarget): { line: number | null; column: number | null };
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

  const deep = findTooDeep(tokens);
  if (deep !== null) {
    const { line, column } = position(deep);
    return fail(`the template nests collections more than ${MAX_NESTING_DEPTH} levels deep`, line, column);
  }

  let doc: Document.Parsed | undefined;
  try {
    const composed = Array.from(
      new Composer({ uniqueKeys: true, logLevel: 'silent', version: '1.2', schema: 'core', prettyErrors: false }).compose(tokens, true, text.length),
    );
    doc = composed[0];
  } catch {
    return fail('the template could not be read as YAML');
  }
  if (!doc || doc.contents === null) return fail('the template is empty; it must be a YAML mapping with `key`, `version` and `phases`', 1, 1);

  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((e) => {
        const path = pathAtOffset(doc.contents, e.pos[0]);
        return { path: formatPath(path), ...position(e.pos[0]), message: yamlMessage(e.code, e.message, path) };
      }),
    };
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
    },
  };
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

/** Offset of the first collection nested deeper than MAX_NESTING_DEPTH, or null. Iterative. */
function findTooDeep(tokens: CST.Token[]): number | null {
  const stack: Array<{ token: CST.Token | undefined; depth: number }> = tokens.map((token) => ({ token, depth: 0 }));
  while (stack.length > 0) {
    const { token, depth } = stack.pop()!;
    if (!token) continue;
    switch (token.type) {
      case 'document':
        stack.push({ token: token.value, depth });
        break;
      case 'block-map':
      case 'block-seq':
      case 'flow-collection': {
        const inner = depth + 1;
        if (inner > MAX_NESTING_DEPTH) return token.offset;
        for (const item of token.items) {
          const kv = item as { key?: CST.Token | null; value?: CST.Token };
          if (kv.key) stack.push({ token: kv.key, depth: inner });
          if (kv.value) stack.push({ token: kv.value, depth: inner });
        }
        break;
      }
      default:
        break;
    }
  }
  return null;
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
      const pair = current.items.find((p) => isPair(p) && keyOf(p.key) === String(segment));
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

function startOf(node: unknown): number | null {
  const range = (node as YamlNode | null)?.range;
  return range ? range[0] : null;
}
