import { router } from './init.js';
import { auditRouter } from './routers/audit.js';
import { authRouter } from './routers/auth.js';
import { chatRouter } from './routers/chat.js';
import { hrRouter } from './routers/hr.js';
import { hrdataRouter } from './routers/hrdata.js';
import { checkinsRouter } from './routers/checkins.js';
import { messagesRouter } from './routers/messages.js';
import { reportsRouter } from './routers/reports.js';
import { usersRouter } from './routers/users.js';

export const appRouter = router({
  auth: authRouter,
  messages: messagesRouter,
  chat: chatRouter,
  reports: reportsRouter,
  hr: hrRouter,
  hrdata: hrdataRouter,
  checkins: checkinsRouter,
  users: usersRouter,
  audit: auditRouter,
});

export type AppRouter = typeof appRouter;
