import type { Principal } from '../auth/principal';
import type { TokenService } from '../auth/token.service';

export const DEMO_AGENCY = 'demo';

/**
 * The demo agency's people: one per built-in role, and between them every role the
 * shipped templates name, so each template can be driven end to end with these tokens.
 */
export const DEMO_USERS: Principal[] = [
  { userId: 'ada.admin', name: 'Ada Admin', agency: DEMO_AGENCY, roles: ['agency_admin'] },
  { userId: 'chidi.cda', name: 'Chidi CDA', agency: DEMO_AGENCY, roles: ['cda'] },
  {
    userId: 'priya.pm',
    name: 'Priya Programme Manager',
    agency: DEMO_AGENCY,
    roles: ['programme_manager', 'steering_committee', 'scheme_steering_committee', 'nodal_agency', 'label_manager'],
  },
  {
    userId: 'carlos.commission',
    name: 'Carlos Commission',
    agency: DEMO_AGENCY,
    roles: ['cluster_commission', 'member_representative', 'state_government', 'project_steering_committee'],
  },
  {
    userId: 'chen.commission',
    name: 'Chen Commission',
    agency: DEMO_AGENCY,
    roles: ['cluster_commission', 'member_representative', 'screening_committee', 'esca_analyst'],
  },
  { userId: 'tara.expert', name: 'Tara Technical Expert', agency: DEMO_AGENCY, roles: ['technical_agency', 'gold_assessor'] },
  { userId: 'aisha.auditor', name: 'Aisha Auditor', agency: DEMO_AGENCY, roles: ['auditor'] },
  // Monitoring and evaluation: reads the portfolio dashboard and its reports (every member may; the role decides nothing).
  { userId: 'musa.me', name: 'Musa M&E Officer', agency: DEMO_AGENCY, roles: ['me_officer'] },
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
