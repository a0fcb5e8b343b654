/**
 * The people the million-user benches hold: common first and last names and a few domains, so
 * that searches match as they would in a real directory (many "smith"s, one "emma.brown100050").
 */
export const FIRST = ['Olivia', 'Liam', 'Emma', 'Noah', 'Amelia', 'Oliver', 'Ava', 'Elijah', 'Sophia', 'Mateo', 'Isabella', 'Lucas', 'Mia', 'Levi', 'Evelyn', 'Ezra', 'Harper', 'Asher', 'Luna', 'James', 'Camila', 'Leo', 'Gianna', 'Luca', 'Elizabeth', 'Henry', 'Eleanor', 'Hudson', 'Ella', 'Ethan', 'Abigail', 'Muhammad', 'Sofia', 'Maverick', 'Avery', 'Benjamin', 'Scarlett', 'Theo', 'Emily', 'Kai', 'Aria', 'Jack', 'Penelope', 'Daniel', 'Chloe', 'Elias', 'Layla', 'Sebastian', 'Mila', 'Aiden'];
export const LAST = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores', 'Green', 'Adams', 'Nelson', 'Baker', 'Hall', 'Rivera', 'Campbell', 'Mitchell', 'Carter', 'Roberts', 'Gomez', 'Phillips', 'Evans', 'Turner', 'Diaz', 'Parker', 'Cruz', 'Edwards', 'Collins', 'Reyes', 'Stewart', 'Morris', 'Morales', 'Murphy', 'Cook', 'Rogers', 'Gutierrez', 'Ortiz', 'Morgan', 'Cooper', 'Peterson', 'Bailey', 'Reed', 'Kelly', 'Howard', 'Ramos', 'Kim', 'Cox', 'Ward', 'Richardson', 'Watson', 'Brooks', 'Chavez', 'Wood', 'James', 'Bennett', 'Gray', 'Mendoza', 'Ruiz', 'Hughes', 'Price', 'Alvarez', 'Castillo', 'Sanders', 'Patel', 'Myers', 'Long', 'Ross', 'Foster', 'Jimenez'];
export const DOMAINS = ['example.com', 'acme.io', 'corp.example.org', 'mail.test', 'lab.ai'];
/**
 * People per domain run: every pair of first and last name once (5,000), so a domain is shared by
 * every name alike, as in a real directory, and a fifth of any name's emails are at `acme.io`.
 * (Until 2026-12 the domain was `i % 5`, which gave each first name one domain: a domain's users
 * were ten first names' blocks in email order, the first of them 100,000 rows in.)
 */
export const DOMAIN_RUN = FIRST.length * LAST.length;

/**
 * The 20 searches: names and parts of them, parts of emails (a user's, a number, a domain), no
 * match, a LIKE wildcard taken literally, and 1–2 characters (migration 0015's short-search indexes).
 */
export const SEARCHES = ['smith', 'olivia', 'rodri', 'ez', 'a', 'olivia.smith1', 'emma.brown100050', '424242', '99999', 'acme.io', 'lab.ai', 'zzqx', 'nobody@nowhere', '100_000', '%', 'mitchell', 'kim', 'ton', 'ava.', 'son1234'];

export interface Person {
  email: string;
  firstName: string;
  lastName: string;
  role: 'admin' | 'user';
  status: 'active' | 'inactive';
}

/** Person `i` (0-based): `olivia.smith0@example.com`; one in 100 an admin, one in 10 inactive. */
export function person(i: number): Person {
  const firstName = FIRST[i % FIRST.length] ?? '';
  const lastName = LAST[Math.floor(i / FIRST.length) % LAST.length] ?? '';
  const email = `${firstName.toLowerCase()}.${lastName.toLowerCase()}${i}@${DOMAINS[Math.floor(i / DOMAIN_RUN) % DOMAINS.length] ?? ''}`;
  return { email, firstName, lastName, role: i % 100 === 0 ? 'admin' : 'user', status: i % 10 === 9 ? 'inactive' : 'active' };
}
