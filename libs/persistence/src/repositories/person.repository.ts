import type { EntityManager } from '@mikro-orm/postgresql';

/** A person of an agency, as stored. */
export interface PersonRecord {
  userId: string;
  name: string | null;
  email: string | null;
  roles: string[];
  lastSeenAt: Date | null;
}

interface PersonRow {
  user_id: string;
  name: string | null;
  email: string | null;
  roles: string[];
  last_seen_at: Date | string | null;
}

const COLUMNS = 'user_id, name, email, roles, last_seen_at';
/** A text[] from a JSON list (MikroORM would spread a JS array into several parameters). */
const TEXT_ARRAY = 'array(select jsonb_array_elements_text(?::jsonb))';

/**
 * The people of one agency per call (the `person` table): learned from verified tokens or
 * entered by an agency admin. Values arrive checked (the application's PeopleService).
 */
export class PersonRepository {
  constructor(private readonly em: EntityManager) {}

  /** A verified token was seen now: its name and email (when given) and roles replace the stored ones. */
  async recordSeen(agency: string, userId: string, name: string | null, email: string | null, roles: readonly string[]): Promise<void> {
    await this.em.execute(
      `insert into person (agency, user_id, name, email, roles, last_seen_at, updated_at)
       values (?, ?, ?, ?, ${TEXT_ARRAY}, now(), now())
       on conflict (agency, user_id) do update set name = coalesce(excluded.name, person.name), email = coalesce(excluded.email, person.email),
         roles = excluded.roles, last_seen_at = excluded.last_seen_at, updated_at = excluded.updated_at`,
      [required(agency), userId, name, email, JSON.stringify(roles)],
    );
  }

  /** The agency's people by name (case-insensitive, then user id); only those holding `role` when given. */
  async list(agency: string, role?: string | null): Promise<PersonRecord[]> {
    const rows = await this.em.execute<PersonRow[]>(
      `select ${COLUMNS} from person where agency = ?${role ? ' and ? = any(roles)' : ''} order by lower(coalesce(name, user_id)), user_id`,
      [required(agency), ...(role ? [role] : [])],
    );
    return rows.map(recordOf);
  }

  /** Enters or corrects a person: `name` and `email` are kept when undefined, cleared when null. */
  async upsert(agency: string, person: { userId: string; name?: string | null; email?: string | null; roles: readonly string[] }): Promise<PersonRecord> {
    const [row] = await this.em.execute<PersonRow[]>(
      `insert into person (agency, user_id, name, email, roles, updated_at) values (?, ?, ?, ?, ${TEXT_ARRAY}, now())
       on conflict (agency, user_id) do update set
         name = case when ?::boolean then excluded.name else person.name end,
         email = case when ?::boolean then excluded.email else person.email end,
         roles = excluded.roles, updated_at = excluded.updated_at
       returning ${COLUMNS}`,
      [
        required(agency),
        person.userId,
        person.name ?? null,
        person.email ?? null,
        JSON.stringify(person.roles),
        person.name !== undefined,
        person.email !== undefined,
      ],
    );
    return recordOf(row);
  }
}

function required(agency: string): string {
  if (!agency) throw new Error('an agency is required for every person query');
  return agency;
}

const recordOf = (r: PersonRow): PersonRecord => ({
  userId: r.user_id,
  name: r.name,
  email: r.email,
  roles: r.roles,
  lastSeenAt: r.last_seen_at ? new Date(r.last_seen_at) : null,
});
