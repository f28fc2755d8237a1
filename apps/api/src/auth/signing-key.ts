import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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
    writeFileSync(file, randomBytes(48).toString('base64url') + '\n', { mode: 0o600, flag: 'wx' });
  }
  chmodSync(file, 0o600);
  return new TextEncoder().encode(readFileSync(file, 'utf8').trim());
}
