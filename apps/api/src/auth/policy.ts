import { AGENCY_ADMIN, DomainError, ErrorCode } from '@clusterflow/engine';
import type { Principal } from '@clusterflow/application/auth/principal';

/**
 * Who may do what, in one place (see the README's role matrix). Agency-wide actions are
 * decided here from the token's roles; actions on one cluster add the cluster's own
 * assignments (a CDA acts only on clusters assigned to them), checked by the engine.
 */
export const AGENCY_ACTIONS = {
  'template.publish': [AGENCY_ADMIN],
  'person.upsert': [AGENCY_ADMIN],
  'webhook.manage': [AGENCY_ADMIN],
} as const satisfies Record<string, readonly string[]>;

export type AgencyAction = keyof typeof AGENCY_ACTIONS;

const DESCRIPTIONS: Record<AgencyAction, string> = {
  'template.publish': 'publish templates',
  'person.upsert': 'enter people',
  'webhook.manage': 'see and change webhooks',
};

export function mayDo(user: Principal, action: AgencyAction): boolean {
  const allowed: readonly string[] = AGENCY_ACTIONS[action];
  return user.roles.some((r) => allowed.includes(r));
}

/** Throws FORBIDDEN naming the roles that may, when the caller holds none of them. */
export function authorize(user: Principal, action: AgencyAction): void {
  if (mayDo(user, action)) return;
  const allowed = AGENCY_ACTIONS[action];
  throw new DomainError(ErrorCode.FORBIDDEN, `only ${allowed.join(' or ')} may ${DESCRIPTIONS[action]}`);
}
