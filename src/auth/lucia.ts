import { Lucia, TimeSpan } from 'lucia';
import type { PublicUser } from '../users/user.js';
import type { KyselyLuciaAdapter } from './kysely-lucia-adapter.js';

export function createLucia(adapter: KyselyLuciaAdapter, lifetimeHours: number) {
  return new Lucia(adapter, {
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
