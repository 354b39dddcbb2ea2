export { createHrClient, type HrClient, type HrClientOptions } from './client.js';
export { connectLegacyChat, type LegacyChat, type LegacyChatOptions, type LegacyMessageItem, type LegacyServerFrame } from './legacy.js';
export type { Answer, AppRouter, ChatEvent, RouterInputs, RouterOutputs, StoredMessage, TrackedChatEvent, User } from './types.js';
