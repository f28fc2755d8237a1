#!/usr/bin/env node
/*
 * Offline verifier for a Clusterflow audit export (JSONL), for auditors: plain Node (18+),
 * no dependencies, nothing from the project. Copy this one file anywhere and run
 *
 *   node verify-export.js audit-unido-ng.jsonl [--partial] [--key <keyId | PEM | PEM file>] [--files <dir>]
 *
 * The export holds one line per event, {"kind":"event", id, clusterId, seq, type, actor,
 * actorName, role, at, payload, prevHash, hash}, and last the agency's signed head,
 * {"kind":"head", "head": {agency, clusters, events, root, at, signature, keyId}, "publicKeyPem"},
 * optionally with "covered": [[clusterId, lastSeq, lastHash], ...] (the list the root is the hash of).
 *
 * Checks, as the GraphQL contract defines them:
 * - every chain: seq 1, 2, 3... without gaps, prevHash of the first is 64 zeros and of every
 *   other the previous event's hash, and hash = hex SHA-256 of the RFC 8785 canonical JSON
 *   of { clusterId, seq, type, actor, role, at, payload, prevHash };
 * - the head: its signature is the Ed25519 signature, by the key in the file, of the canonical
 *   JSON of { agency, clusters, events, root, at, keyId }; keyId is the first 16 hex digits of
 *   the SHA-256 of that key's SPKI DER (compare it with the server's `auditKeys`);
 * - root = hex SHA-256 of the canonical JSON of [[clusterId, lastSeq, lastHash], ...] sorted
 *   by clusterId: with "covered", that list is checked and each of its chains must reach its
 *   lastSeq with lastHash (later events are verified by their chain only; with --partial,
 *   covered clusters absent from the file are allowed, e.g. a one-cluster export); without
 *   it, the list is taken from where the file's chains end.
 *
 * - with --key, the head must be signed by that key: its keyId (16 hex digits, as `auditKeys`
 *   lists them), or its public key (PEM text, or a file holding it; the signature is then
 *   checked with that key, not the one in the file). Without --key, a head re-signed with
 *   any other key over a rewritten history verifies: the key in the file proves nothing by
 *   itself. The output always names the key that signed.
 *
 * - with --files <dir>, every file an ARTEFACT_SUBMITTED event's payload attaches
 *   (`files: [{id, sha256, size, name, mediaType}]`) must be in that folder as `<dir>/<sha256>`
 *   (as `npm run cli -- audit export --with-files <dir>` writes them), with that size and
 *   that SHA-256: the chain covers the payload, so this proves the documents are the ones
 *   recorded.
 *
 * Prints one line per problem and exits 1 when there is one; 0 when everything verifies;
 * 2 when the file cannot be read or the arguments are wrong.
 */
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const readline = require('node:readline');

const GENESIS = '0'.repeat(64);
const sha256 = (text) => crypto.createHash('sha256').update(text, 'utf8').digest('hex');

/** RFC 8785 canonical JSON, for the values JSON.parse gives (no undefined, no functions). */
function canonical(value) {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('a number that is not finite');
    return JSON.stringify(value); // ECMAScript number and string serialisation is what RFC 8785 specifies
  }
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  // Keys sorted by UTF-16 code units: the default sort's order.
  return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
}

const eventHash = (e) =>
  sha256(canonical({ clusterId: e.clusterId, seq: e.seq, type: e.type, actor: e.actor, role: e.role ?? null, at: e.at, payload: e.payload, prevHash: e.prevHash }));

const USAGE = 'usage: node verify-export.js <export.jsonl> [--partial] [--key <keyId | public key PEM | PEM file>] [--files <dir>]\n';

const keyIdOf = (key) => crypto.createHash('sha256').update(key.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);

/**
 * The key --key pins: { keyId } for 16 hex digits, { keyId, key } for a PEM (the text, or a
 * file holding it); a string naming the problem otherwise.
 */
function pinnedKey(value) {
  if (/^[0-9a-f]{16}$/i.test(value)) return { keyId: value.toLowerCase(), key: null };
  let pem = value;
  if (!value.includes('-----BEGIN')) {
    try {
      pem = fs.readFileSync(value, 'utf8');
    } catch {
      return `--key must be a key id (16 hex digits, as auditKeys lists them), a public key in PEM, or a file holding one; "${value}" is none of these`;
    }
  }
  let key;
  try {
    key = crypto.createPublicKey(pem);
  } catch {
    return '--key: not a public key in PEM';
  }
  if (key.asymmetricKeyType !== 'ed25519') return `--key: the key is ${key.asymmetricKeyType}, not Ed25519`;
  return { keyId: keyIdOf(key), key };
}

function parseArgs(argv) {
  const options = { partial: false, pinned: null, files: [], filesDir: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--partial') options.partial = true;
    else if (a === '--key' || a.startsWith('--key=')) {
      const value = a === '--key' ? argv[++i] : a.slice('--key='.length);
      if (value == null || value === '') return '--key needs a value';
      const pinned = pinnedKey(value);
      if (typeof pinned === 'string') return pinned;
      options.pinned = pinned;
    } else if (a === '--files' || a.startsWith('--files=')) {
      const value = a === '--files' ? argv[++i] : a.slice('--files='.length);
      if (value == null || value === '') return '--files needs a folder';
      if (!fs.existsSync(value) || !fs.statSync(value).isDirectory()) return `--files: ${value} is not a folder`;
      options.filesDir = value;
    } else if (a.startsWith('-')) return `unknown option ${a}`;
    else options.files.push(a);
  }
  if (options.files.length !== 1) return 'give exactly one export file';
  return options;
}

async function main(argv) {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  const options = parseArgs(argv);
  if (typeof options === 'string') {
    process.stderr.write(`${options}\n${USAGE}`);
    return 2;
  }
  const { partial, pinned, files, filesDir } = options;
  /** Files the events attach, to check in --files: sha256 → where first named. */
  const attached = new Map();
  const problems = [];
  const problem = (text) => {
    problems.push(text);
    process.stdout.write(`${text}\n`);
  };
  /** Per cluster: where its chain is, and whether it broke (only its first problem is told). */
  const chains = new Map();
  let head = null;
  let events = 0;
  let lineNo = 0;
  const lines = readline.createInterface({ input: fs.createReadStream(files[0], 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    lineNo++;
    if (!line.trim()) continue;
    let record;
    try {
      record = JSON.parse(line);
    } catch {
      problem(`line ${lineNo}: not JSON`);
      continue;
    }
    if (head) problem(`line ${lineNo}: comes after the head line, which must be last`);
    if (record.kind === 'head') {
      head = { ...record, line: lineNo };
      continue;
    }
    if (record.kind !== 'event') {
      problem(`line ${lineNo}: kind must be "event" or "head"`);
      continue;
    }
    events++;
    const e = record;
    const c = chains.get(e.clusterId) ?? { seq: 0, hash: GENESIS, broken: false, hashes: new Map() };
    chains.set(e.clusterId, c);
    if (c.broken) continue;
    const name = `cluster ${e.clusterId}: event ${e.id} (seq ${e.seq}, ${e.type}, line ${lineNo})`;
    const broken = (what) => {
      c.broken = true;
      problem(`${name}: ${what}`);
    };
    let recomputed;
    try {
      recomputed = eventHash(e);
    } catch (err) {
      broken(`cannot be hashed (${err.message})`);
      continue;
    }
    if (recomputed !== e.hash) broken('does not match its hash: its content was changed after it was recorded');
    else if (e.seq !== c.seq + 1) broken(e.seq > c.seq + 1 ? `events are missing before it: expected seq ${c.seq + 1}` : `out of order: expected seq ${c.seq + 1}`);
    else if (e.prevHash !== c.hash) broken(c.seq === 0 ? 'is the first event, but its prevHash is not 64 zeros' : `does not follow seq ${c.seq}: its prevHash is not that event's hash`);
    else {
      c.seq = e.seq;
      c.hash = e.hash;
      c.hashes.set(e.seq, e.hash);
      if (filesDir && e.type === 'ARTEFACT_SUBMITTED' && Array.isArray(e.payload?.files)) {
        for (const f of e.payload.files) if (!attached.has(f.sha256)) attached.set(f.sha256, { ...f, where: name });
      }
    }
  }
  if (filesDir) for (const f of attached.values()) await checkFile(filesDir, f, problem);

  if (!head) {
    problem('no head line: the export is incomplete (it must end with {"kind":"head", ...})');
  } else {
    checkHead(head, chains, events, partial, pinned, problem);
  }
  if (problems.length) {
    process.stderr.write(`${problems.length} problem${problems.length === 1 ? '' : 's'} in ${files[0]}\n`);
    return 1;
  }
  const h = head.head;
  const trust = pinned
    ? `signed by key ${h.keyId}, the expected key`
    : `signed by key ${h.keyId} (not pinned: pass --key with the server's key id from auditKeys to check it signed)`;
  const filesNote = filesDir ? `; ${attached.size} attached file${attached.size === 1 ? '' : 's'} in ${filesDir} match their hashes` : '';
  process.stdout.write(`OK: ${events} events in ${chains.size} clusters, every chain intact${filesNote}; head of ${h.agency} at ${h.at} (${h.clusters} clusters, ${h.events} events) ${trust}\n`);
  return 0;
}

/** One attached file in the --files folder: present as <sha256>, with the recorded size and hash. */
async function checkFile(dir, f, problem) {
  const label = `${f.where}: file ${f.id} (${f.name})`;
  if (!/^[0-9a-f]{64}$/.test(String(f.sha256))) return problem(`${label}: its sha256 is not 64 lowercase hex digits`);
  const path = require('node:path').join(dir, f.sha256);
  if (!fs.existsSync(path)) return problem(`${label}: ${path} is missing`);
  const hash = crypto.createHash('sha256');
  let size = 0;
  for await (const chunk of fs.createReadStream(path)) {
    hash.update(chunk);
    size += chunk.length;
  }
  const digest = hash.digest('hex');
  if (digest !== f.sha256 || size !== f.size) {
    problem(`${label}: ${path} (${size} bytes) hashes to ${digest}, not to the ${f.sha256} (${f.size} bytes) the event records: it is not the document that was submitted`);
  }
}

function checkHead(record, chains, events, partial, pinned, problem) {
  const h = record.head ?? {};
  const where = `head (line ${record.line})`;
  if (pinned && h.keyId !== pinned.keyId) {
    problem(`${where}: signed by key ${h.keyId}, not by the expected key ${pinned.keyId}: this head is not the server's`);
  }
  let key = pinned?.key ?? null;
  if (!key) {
    try {
      key = crypto.createPublicKey(record.publicKeyPem);
    } catch {
      return problem(`${where}: publicKeyPem is not a public key in PEM`);
    }
    if (key.asymmetricKeyType !== 'ed25519') return problem(`${where}: the key is ${key.asymmetricKeyType}, not Ed25519`);
    const keyId = keyIdOf(key);
    if (keyId !== h.keyId) problem(`${where}: keyId ${h.keyId} is not the id of the key in the file (${keyId})`);
  }
  const signed = canonical({ agency: h.agency, clusters: h.clusters, events: h.events, root: h.root, at: h.at, keyId: h.keyId });
  let signatureOk = false;
  try {
    signatureOk = crypto.verify(null, Buffer.from(signed, 'utf8'), key, Buffer.from(String(h.signature), 'base64'));
  } catch {
    signatureOk = false;
  }
  if (!signatureOk) {
    const by = pinned?.key ? `the expected key ${pinned.keyId}` : `key ${h.keyId}`;
    problem(`${where}: the signature does not verify with ${by}: the head was altered, or signed by another key`);
  }

  const byId = (a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
  if (Array.isArray(record.covered)) {
    const covered = record.covered.map(([id, seq, hash]) => [String(id).toLowerCase(), seq, hash]).sort(byId);
    if (sha256(canonical(covered)) !== h.root) return problem(`${where}: "covered" does not hash to the head's root`);
    if (covered.length !== h.clusters || covered.reduce((n, c) => n + c[1], 0) !== h.events) problem(`${where}: "covered" does not add up to the head's clusters and events`);
    for (const [id, seq, hash] of covered) {
      const c = chains.get(id);
      if (!c) {
        if (!partial) problem(`cluster ${id}: covered by the head up to seq ${seq}, but not in the export (use --partial for a one-cluster export)`);
      } else if (!c.broken && !c.hashes.has(seq)) {
        problem(`cluster ${id}: the head covers it up to seq ${seq}, but the export ends at seq ${c.seq}: events were cut off`);
      } else if (!c.broken && c.hashes.get(seq) !== hash) {
        problem(`cluster ${id}: the event at seq ${seq} is not the one the head covered: the history up to it was rewritten`);
      }
    }
    return;
  }
  const ends = [...chains].map(([id, c]) => [String(id).toLowerCase(), c.seq, c.hash]).sort(byId);
  if (h.clusters !== ends.length || h.events !== events) {
    problem(`${where}: covers ${h.clusters} clusters and ${h.events} events, the export holds ${ends.length} and ${events}`);
  } else if (sha256(canonical(ends)) !== h.root) {
    problem(`${where}: the root is not the hash of where the export's chains end: the history was rewritten or is not the one the head covers`);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`error: ${err.message}\n`);
    process.exit(2);
  },
);
