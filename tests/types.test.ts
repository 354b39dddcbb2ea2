import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { describe, expectTypeOf, it } from 'vitest';
import type { ChatEvent } from '../src/chat/events.js';
import type { AppRouter } from '../src/trpc/root.js';
import { createClient } from './support/server.js';

type Inputs = inferRouterInputs<AppRouter>;
type Outputs = inferRouterOutputs<AppRouter>;

// `npm run typecheck` checks this file: each @ts-expect-error must be a real type error,
// which it would not be if the router's types had collapsed to `any`.
describe('AppRouter types', () => {
  it('infers inputs and outputs end to end', () => {
    expectTypeOf<Outputs['auth']['login']>().toEqualTypeOf<{
      token: string;
      user: {
        id: number;
        username: string;
        email: string | null;
        employeeId: string | null;
        role: 'employee' | 'hr';
        profilePic: string | null;
      };
    }>();
    expectTypeOf<Outputs['messages']['list']['items'][number]['createdAt']>().toEqualTypeOf<Date>();
    expectTypeOf<Inputs['chat']['send']>().toEqualTypeOf<{ room: string; message: string }>();
    expectTypeOf<Outputs['chat']['send']>().toEqualTypeOf<{ answerId: string }>();
    expectTypeOf<Extract<ChatEvent, { type: 'chunk' }>>().toEqualTypeOf<{
      type: 'chunk';
      answerId: string;
      seq: number;
      text: string;
      replaces?: string | undefined;
    }>();
  });

  it('rejects wrong inputs and unknown procedures at compile time', () => {
    const neverCalled = (client: ReturnType<typeof createClient>) => {
      // @ts-expect-error username must be a string
      void client.auth.login.mutate({ username: 42, password: 'x' });
      // @ts-expect-error there is no such procedure
      void client.auth.logon.mutate({ username: 'a', password: 'b' });
      // @ts-expect-error chat.send needs a room
      void client.chat.send.mutate({ message: 'hi' });
      // @ts-expect-error queries are not mutations
      void client.auth.me.mutate();
    };
    expectTypeOf(neverCalled).toBeFunction();
  });
});
