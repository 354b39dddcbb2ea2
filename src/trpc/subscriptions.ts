import { TRPCError } from '@trpc/server';
import { withinBuffer } from '../http/connections.js';
import { openSubscriptions } from '../observability/metrics.js';
import type { Context } from './context.js';

/**
 * Every subscription goes through this: at most MAX_SUBSCRIPTIONS_PER_SOCKET per
 * connection, and a reader too slow to keep its buffer under MAX_SOCKET_BUFFER_BYTES
 * is cut off instead of making the server buffer without bound.
 */
export async function* guarded<T>(ctx: Context, source: AsyncIterable<T>): AsyncGenerator<T> {
  const { maxSubscriptionsPerSocket, maxBufferedBytes } = ctx.services.config.sockets;
  if (ctx.subscriptions.open >= maxSubscriptionsPerSocket) {
    throw new TRPCError({
      code: 'TOO_MANY_REQUESTS',
      message: `Too many subscriptions on this connection (at most ${maxSubscriptionsPerSocket})`,
    });
  }
  ctx.subscriptions.open++;
  openSubscriptions.inc();
  try {
    for await (const item of source) {
      if (ctx.socket && !withinBuffer(ctx.socket, maxBufferedBytes)) {
        ctx.services.logger.warn({ userId: ctx.user?.id }, 'slow WebSocket reader cut off');
        return;
      }
      yield item;
    }
  } finally {
    ctx.subscriptions.open--;
    openSubscriptions.dec();
  }
}
