import type { Kysely } from 'kysely';
import { Lucia, TimeSpan } from 'lucia';
import type { Database } from '../db/schema.js';
import type { PublicUser } from '../users/user.js';
import { KyselyLuciaAdapter } from './kysely-lucia-adapter.js';

export function createLucia(db: Kysely<Database>, lifetimeHours: number) {
  return new Lucia(new KyselyLuciaAdapter(db), {
    sessionExpiresIn: new TimeSpan(lifetimeHours, 'h'),
    getUserAttributes: (attributes) => attributes,
  });
}

declare module 'lucia' {
  interface Register {
    Lucia: ReturnType<typeof createLucia>;
    UserId: number;
    DatabaseUserAttributes: PublicUser;
  }
}
