import { Injectable, Logger } from '@nestjs/common';
import { badInput, unstorableText } from '@clusterflow/engine';
import { PersonRepository, type PersonRecord } from '@clusterflow/persistence';
import type { Principal } from '../auth/principal';

/** A person is written again when their token says something new, or this long after the last write. */
export const SEEN_REFRESH_MS = 5 * 60_000;
const REMEMBERED_PEOPLE = 10_000;

const MAX_USER_ID = 200;
const MAX_NAME = 200;
const MAX_EMAIL = 320;
const MAX_ROLES = 50;
const MAX_ROLE = 100;
const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** A person as an agency admin enters them: `name` and `email` are kept when omitted. */
export interface PersonEntry {
  userId: string;
  name?: string | null;
  email?: string | null;
  roles: string[];
}

/**
 * The agency's people (contract v2, People). Tokens teach the server who people are: each
 * verified token's `sub`, name, email and roles are kept, latest first, without a database
 * write per request (only when something changed or `lastSeenAt` is older than a few minutes).
 */
@Injectable()
export class PeopleService {
  private readonly log = new Logger(PeopleService.name);
  /** What was last written for each person, and when (this process's memory). */
  private readonly written = new Map<string, { fingerprint: string; at: number }>();

  constructor(private readonly people: PersonRepository) {}

  /** Records that a verified token was seen; cheap when nothing changed. Never fails the request. */
  async seen(user: Principal): Promise<void> {
    const key = `${user.agency}\u0000${user.userId}`;
    const fingerprint = JSON.stringify([user.name ?? null, user.email ?? null, [...user.roles].sort()]);
    const last = this.written.get(key);
    const now = Date.now();
    if (last && last.fingerprint === fingerprint && now - last.at < SEEN_REFRESH_MS) return;
    this.written.delete(key);
    this.written.set(key, { fingerprint, at: now });
    if (this.written.size > REMEMBERED_PEOPLE) this.written.delete(this.written.keys().next().value!);
    try {
      await this.people.recordSeen(user.agency, user.userId, clean(user.name, MAX_NAME), clean(user.email, MAX_EMAIL), user.roles);
    } catch (e) {
      this.written.delete(key);
      this.log.warn(`could not record that ${user.userId} signed in: ${(e as Error).message}`);
    }
  }

  /** The agency's people, by name; only those holding `role` when given. */
  list(agency: string, role?: string | null): Promise<PersonRecord[]> {
    return this.people.list(agency, role);
  }

  /** An admin enters or corrects a person (authorization is the caller's). */
  async upsert(agency: string, input: PersonEntry): Promise<PersonRecord> {
    const userId = checked(input.userId, 'input.userId', MAX_USER_ID, true)!;
    const name = input.name === undefined ? undefined : checked(input.name, 'input.name', MAX_NAME);
    const email = input.email === undefined ? undefined : checked(input.email, 'input.email', MAX_EMAIL);
    if (email && !EMAIL.test(email)) throw badInput(`input.email: ${JSON.stringify(email)} is not an email address`);
    if (!Array.isArray(input.roles) || input.roles.length > MAX_ROLES) throw badInput(`input.roles: at most ${MAX_ROLES} roles`);
    const roles = [...new Set(input.roles.map((r, i) => checked(r, `input.roles[${i}]`, MAX_ROLE, true)!))];
    return this.people.upsert(agency, { userId, name, email, roles });
  }
}

function checked(value: string | null | undefined, path: string, max: number, required = false): string | null {
  const text = typeof value === 'string' ? value.trim() : '';
  if (!text) {
    if (required) throw badInput(`${path} must not be empty`);
    return null;
  }
  if (text.length > max) throw badInput(`${path} is longer than ${max} characters`);
  const bad = unstorableText(text);
  if (bad) throw badInput(`${path} ${bad}`);
  return text;
}

/** A claim as stored: trimmed, cut to length, null when empty or unstorable. */
function clean(value: string | undefined, max: number): string | null {
  const text = value?.trim().slice(0, max);
  return text && !unstorableText(text) ? text : null;
}
