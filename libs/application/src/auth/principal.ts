/** The authenticated caller, as read from a verified token. */
export interface Principal {
  userId: string;
  name?: string;
  /** From the claim JWT_EMAIL_CLAIM names, when the token has one. */
  email?: string;
  /** The tenant: an agency's slug. Every read and write is scoped by it. */
  agency: string;
  roles: string[];
}

export { BUILT_IN_ROLES } from '@clusterflow/engine';

export const AGENCY_SLUG = /^[a-z][a-z0-9-]{1,62}$/;
