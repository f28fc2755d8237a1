import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keyIdOf } from '@clusterflow/engine';
import { ConfigError, loadConfig } from '../config/config';
import { AUDIT_KEY_FILE, auditSigningKey } from './audit-signing-key';

describe('the audit signing key', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'clusterflow-key-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is generated once into DATA_DIR, readable by the owner only, and reused', () => {
    const first = auditSigningKey({ dataDir: join(dir, 'data') });
    const file = join(dir, 'data', AUDIT_KEY_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(first.privateKey.asymmetricKeyType).toBe('ed25519');
    expect(first.keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(first.keyId).toBe(keyIdOf(first.publicKeyPem));
    expect(first.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    expect(auditSigningKey({ dataDir: join(dir, 'data') }).keyId).toBe(first.keyId);
    expect(readFileSync(file, 'utf8').length).toBeGreaterThan(0);
  });

  it('is read from AUDIT_SIGNING_KEY_FILE when configured (a PKCS#8 PEM, path resolved at boot)', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const file = join(dir, 'key.pem');
    writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const config = loadConfig({ DATA_DIR: join(dir, 'data'), AUDIT_SIGNING_KEY_FILE: file });
    expect(config.auditSigningKeyFile).toBe(file);
    expect(auditSigningKey(config).keyId).toBe(keyIdOf(publicKey));
    expect(() => statSync(join(dir, 'data', AUDIT_KEY_FILE))).toThrow();
    expect(loadConfig({ AUDIT_SIGNING_KEY_FILE: 'relative.pem' }).auditSigningKeyFile).toBe(join(process.cwd(), 'relative.pem'));
  });

  it('refuses a configured file that is missing, not a key, or not Ed25519, naming the variable', () => {
    const config = (file: string) => ({ dataDir: dir, auditSigningKeyFile: file });
    expect(() => auditSigningKey(config(join(dir, 'absent.pem')))).toThrow(new ConfigError(`AUDIT_SIGNING_KEY_FILE ${join(dir, 'absent.pem')} does not exist; it must hold an Ed25519 private key in PKCS#8 PEM (openssl genpkey -algorithm ed25519)`));
    writeFileSync(join(dir, 'junk.pem'), 'not a key');
    expect(() => auditSigningKey(config(join(dir, 'junk.pem')))).toThrow(/AUDIT_SIGNING_KEY_FILE .*junk\.pem is not a readable private key in PEM/);
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' });
    writeFileSync(join(dir, 'ec.pem'), ec);
    expect(() => auditSigningKey(config(join(dir, 'ec.pem')))).toThrow(/holds a ec key; audit heads are signed with Ed25519/);
  });
});
