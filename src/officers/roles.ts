// Officer roles, in one place: what exists, who works tickets, who approves and who needs a
// second factor. The console, the ticket service, broadcasts and the officer group ask here.
export const ROLES = ['admin', 'supervisor', 'officer', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** Roles that read and work the ticket queue (viewers see statistics only: the queue holds what citizens wrote). */
export const WORKER_ROLES = ['admin', 'supervisor', 'officer'] as const satisfies readonly Role[];

/** Roles that approve broadcasts, see a reporter's identity and oversee others. */
export const APPROVER_ROLES = ['admin', 'supervisor'] as const satisfies readonly Role[];

export function isRole(value: string): value is Role {
  return ROLES.some((role) => role === value);
}

export function isWorker(role: string): boolean {
  return WORKER_ROLES.some((worker) => worker === role);
}

export function isApprover(role: string): boolean {
  return APPROVER_ROLES.some((approver) => approver === role);
}

/** Roles that propose knowledge-base changes from the questions the bot could not answer. */
export const FAQ_PROPOSER_ROLES = APPROVER_ROLES;

/** Roles that approve a knowledge-base change (another person than its proposer). */
export const FAQ_APPROVER_ROLES = ['admin'] as const satisfies readonly Role[];

/** Roles that must use a second factor: those who see identities and approve. */
export function roleNeedsTotp(role: Role): boolean {
  return isApprover(role);
}
