import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { keyIdOf } from '@clusterflow/engine';
import { ConfigError, type AppConfig } from '../config/config';

export const AUDIT_KEY_FILE = 'audit-signing-key.pem';

/** The key that signs audit heads, and how others check them. */
export interface AuditSigningKey {
  keyId: string;
  privateKey: KeyObject;
  /** SPKI PEM. */
  publicKeyPem: string;
}

/**
 * The Ed25519 key for audit heads: AUDIT_SIGNING_KEY_FILE (a PKCS#8 PEM) when configured,
 * else one generated once into DATA_DIR (readable by the owner only), so heads signed
 * before a restart still verify with the same key.
 */
export function auditSigningKey(config: Pick<AppConfig, 'dataDir' | 'auditSigningKeyFile'>): AuditSigningKey {
  if (config.auditSigningKeyFile) return fromFile(config.auditSigningKeyFile, 'AUDIT_SIGNING_KEY_FILE ');
  const file = join(config.dataDir, AUDIT_KEY_FILE);
  if (!existsSync(file)) {
    mkdirSync(config.dataDir, { recursive: true });
    const { privateKey } = generateKeyPairSync('ed25519');
    // Written whole, then linked into place: a crash never leaves a short key, and of two
    // processes generating at once the first one's key stays (link fails when the file exists).
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    try {
      linkSync(tmp, file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    } finally {
      rmSync(tmp, { force: true });
    }
  }
  chmodSync(file, 0o600);
  return fromFile(file, '');
}

function fromFile(file: string, variable: string): AuditSigningKey {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(readFileSync(file, 'utf8'));
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : 'is not a readable private key in PEM';
    throw new ConfigError(`${variable}${file} ${why}; it must hold an Ed25519 private key in PKCS#8 PEM (openssl genpkey -algorithm ed25519)`);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new ConfigError(`${variable}${file} holds a ${privateKey.asymmetricKeyType} key; audit heads are signed with Ed25519 (openssl genpkey -algorithm ed25519)`);
  }
  const publicKey = createPublicKey(privateKey);
  return { keyId: keyIdOf(publicKey), privateKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}
