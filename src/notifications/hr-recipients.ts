import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/** Every HR user's e-mail address plus the configured extra addresses, each once. */
export async function hrRecipients(db: Kysely<Database>, extra: string[]): Promise<string[]> {
  const users = await db.selectFrom('users').select('email').where('role', '=', 'hr').where('email', 'is not', null).orderBy('id').execute();
  const byAddress = new Map<string, string>();
  for (const address of [...users.map((u) => u.email!), ...extra]) {
    if (!byAddress.has(address.toLowerCase())) byAddress.set(address.toLowerCase(), address);
  }
  return [...byAddress.values()];
}
