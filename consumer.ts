import { createHrClient } from '@hr-assistant/client';
const c = createHrClient({ url: 'http://x' });
void c.trpc.chat.sned.mutate({ room: 'a' });
void c.trpc.chat.send.mutate({ room: 1, message: 'hi' });
