import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { headFields, headRoot, headSigningPayload, keyIdOf, signHead, sortCovered, verifyHeadSignature, type CoveredCluster } from './head';

const A = '0b5c4c1e-8d4e-4f53-9d3a-6f1a2b3c4d5e';
const B = 'a1111111-8d4e-4f53-9d3a-6f1a2b3c4d5e';
const C = 'F2222222-8D4E-4F53-9D3A-6F1A2B3C4D5E';
const sha = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('headRoot', () => {
  it('is the SHA-256 of the canonical JSON of the list sorted by clusterId', () => {
    const list: CoveredCluster[] = [[C, 2, 'c'.repeat(64)], [A, 5, 'a'.repeat(64)], [B, 1, 'b'.repeat(64)]];
    const expected = sha(`[["${A}",5,"${'a'.repeat(64)}"],["${B}",1,"${'b'.repeat(64)}"],["${C.toLowerCase()}",2,"${'c'.repeat(64)}"]]`);
    expect(headRoot(list)).toBe(expected);
    expect(headRoot([...list].reverse())).toBe(expected);
    expect(sortCovered(list).map(([id]) => id)).toEqual([A, B, C.toLowerCase()]);
    expect(headRoot([])).toBe(sha('[]'));
  });
});

describe('signed heads', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const keyId = keyIdOf(publicKey);
  const list: CoveredCluster[] = [[A, 5, 'a'.repeat(64)], [B, 1, 'b'.repeat(64)]];
  const fields = headFields('unido-ng', list, '2025-03-11T09:30:00.000Z', keyId);

  it('summarises the list: clusters, events (the sum of the last seqs) and root', () => {
    expect(fields).toEqual({ agency: 'unido-ng', clusters: 2, events: 6, root: headRoot(list), at: '2025-03-11T09:30:00.000Z', keyId });
  });

  it('signs the canonical JSON of { agency, clusters, events, root, at, keyId }', () => {
    expect(headSigningPayload(fields)).toBe(
      `{"agency":"unido-ng","at":"2025-03-11T09:30:00.000Z","clusters":2,"events":6,"keyId":"${keyId}","root":"${fields.root}"}`,
    );
    const head = signHead(fields, privateKey);
    expect(Object.keys(head).sort()).toEqual(['agency', 'at', 'clusters', 'events', 'keyId', 'root', 'signature']);
    expect(Buffer.from(head.signature, 'base64')).toHaveLength(64);
    expect(verifyHeadSignature(head, pem)).toBe(true);
    expect(verifyHeadSignature(head, publicKey)).toBe(true);
  });

  it('refuses a head with any field changed, another key, or a key that is not Ed25519', () => {
    const head = signHead(fields, privateKey);
    for (const change of [{ agency: 'other' }, { clusters: 3 }, { events: 7 }, { root: 'f'.repeat(64) }, { at: '2025-03-11T09:30:00.001Z' }, { keyId: 'x' }, { signature: 'AAAA' }]) {
      expect(verifyHeadSignature({ ...head, ...change }, pem)).toBe(false);
    }
    expect(verifyHeadSignature(head, generateKeyPairSync('ed25519').publicKey)).toBe(false);
    expect(verifyHeadSignature(head, generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey)).toBe(false);
    expect(verifyHeadSignature(head, 'not a key')).toBe(false);
  });

  it('derives the key id from the SPKI DER of the public key, from either half', () => {
    const der = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
    expect(keyId).toBe(createHash('sha256').update(der).digest('hex').slice(0, 16));
    expect(keyIdOf(privateKey)).toBe(keyId);
    expect(keyIdOf(pem)).toBe(keyId);
  });
});
