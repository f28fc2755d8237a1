import type { Principal } from '../auth/principal';
import type { TokenService } from '../auth/token.service';

export const DEMO_AGENCY = 'demo';

/** The demo agency's people: one per built-in role and per role the shipped templates name. */
export const DEMO_USERS: Principal[] = [
  { userId: 'ada.admin', name: 'Ada Admin', agency: DEMO_AGENCY, roles: ['agency_admin'] },
  { userId: 'chidi.cda', name: 'Chidi CDA', agency: DEMO_AGENCY, roles: ['cda'] },
  { userId: 'priya.pm', name: 'Priya Programme Manager', agency: DEMO_AGENCY, roles: ['programme_manager'] },
  { userId: 'carlos.commission', name: 'Carlos Commission', agency: DEMO_AGENCY, roles: ['cluster_commission'] },
  { userId: 'chen.commission', name: 'Chen Commission', agency: DEMO_AGENCY, roles: ['cluster_commission'] },
  { userId: 'aisha.auditor', name: 'Aisha Auditor', agency: DEMO_AGENCY, roles: ['auditor'] },
];

/** Demo tokens last 30 days; `npm run cli -- demo tokens` mints fresh ones. */
export const DEMO_TOKEN_TTL_SECONDS = 30 * 24 * 3600;

export interface DemoToken {
  userId: string;
  name?: string;
  roles: string[];
  token: string;
}

export function mintDemoTokens(tokens: TokenService): Promise<DemoToken[]> {
  return Promise.all(
    DEMO_USERS.map(async (user) => ({ userId: user.userId, name: user.name, roles: user.roles, token: await tokens.sign(user, DEMO_TOKEN_TTL_SECONDS) })),
  );
}
