import type { ChatEvent } from '../../src/chat/events.js';
import { waitFor, type TestClient } from './server.js';

export interface RoomWatcher {
  events: Array<{ id: string; data: ChatEvent }>;
  errors: unknown[];
  ofType<T extends ChatEvent['type']>(type: T): Array<Extract<ChatEvent, { type: T }>>;
  waitFor<T extends ChatEvent['type']>(
    type: T,
    match?: (event: Extract<ChatEvent, { type: T }>) => boolean,
    timeoutMs?: number,
  ): Promise<Extract<ChatEvent, { type: T }>>;
  stop(): void;
}

/** Subscribes to `chat.join` and records every event. */
export function watchRoom(client: TestClient, room: string, lastEventId?: string): RoomWatcher {
  const events: RoomWatcher['events'] = [];
  const errors: unknown[] = [];
  const subscription = client.chat.join.subscribe(
    { room, lastEventId: lastEventId ?? null },
    { onData: (event) => events.push(event), onError: (error) => errors.push(error) },
  );
  const ofType = <T extends ChatEvent['type']>(type: T) =>
    events.map((e) => e.data).filter((e): e is Extract<ChatEvent, { type: T }> => e.type === type);
  return {
    events,
    errors,
    ofType,
    waitFor: (type, match = () => true, timeoutMs = 5000) =>
      waitFor(() => ofType(type).find(match), timeoutMs, `a "${type}" event`),
    stop: () => subscription.unsubscribe(),
  };
}
