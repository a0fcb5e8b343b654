const DATE_TIME = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

export function formatTime(d: Date | null | undefined): string {
  return d ? DATE_TIME.format(d) : 'never';
}

export const ROLE_LABEL = { admin: 'Admin', user: 'User' } as const;
export const MEMBER_LABEL = { owner: 'Owner', collaborator: 'Collaborator' } as const;

/** 10007 → "10,007": counts of users and seats read at a glance. */
export function formatCount(n: number): string {
  return n.toLocaleString('en');
}
