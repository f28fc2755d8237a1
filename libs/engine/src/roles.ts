/**
 * The built-in roles, named once. `agency_admin` runs the agency (templates, clusters,
 * people on them); `cda` is a Cluster Development Agent, acting on the clusters whose team
 * they are in; `auditor` reads everything and changes nothing. Templates declare every other
 * role; they may not redeclare `agency_admin` or `auditor`, and declare `cda` only to title it.
 */
export const AGENCY_ADMIN = 'agency_admin';
export const CDA = 'cda';
export const AUDITOR = 'auditor';

export const BUILT_IN_ROLES = [AGENCY_ADMIN, CDA, AUDITOR] as const;
export type BuiltInRole = (typeof BUILT_IN_ROLES)[number];
