import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from '../config/config';

export const SECRET_FILE = 'jwt-secret';

/**
 * The HS256 key for own-secret mode: JWT_SECRET when configured, else a random key
 * generated once into DATA_DIR (readable by the owner only), so tokens minted by the
 * command line stay valid across restarts.
 */
export function ownSecret(config: AppConfig): Uint8Array {
  if (config.jwt.secret) return new TextEncoder().encode(config.jwt.secret);
  const file = join(config.dataDir, SECRET_FILE);
  if (!existsSync(file)) {
    mkdirSync(config.dataDir, { recursive: true });
    // Written whole, then renamed into place: a crash or a full disk never leaves a short key.
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, randomBytes(48).toString('base64url') + '\n', { mode: 0o600 });
    renameSync(tmp, file);
  }
  chmodSync(file, 0o600);
  const secret = readFileSync(file, 'utf8').trim();
  if (secret.length < 32) {
    throw new Error(`${file} holds a key shorter than 32 characters; delete it to generate a new one (tokens signed with the old key stop working)`);
  }
  return new TextEncoder().encode(secret);
}
