import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from './generated/app-router.js';

export type { AppRouter };
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;

type Yield<T> = T extends AsyncIterable<infer Y, any, any> ? Y : never;
/** What `chat.join` yields: `{ id, data }` with `data` one of the events below. */
export type TrackedChatEvent = Yield<RouterOutputs['chat']['join']>;
/** `members` | `presence` | `message` | `chunk` | `done` | `error`, discriminated by `type`. */
export type ChatEvent = TrackedChatEvent['data'];
export type User = RouterOutputs['auth']['me'];
export type StoredMessage = RouterOutputs['chat']['history']['items'][number];
export type Answer = { answerId: string; text: string; source: string };
