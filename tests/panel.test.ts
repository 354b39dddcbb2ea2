import { afterAll, describe, expect, it } from 'vitest';
import { appRouter } from '../src/trpc/root.js';
import { startServer, type TestServer } from './support/server.js';

const servers: TestServer[] = [];
afterAll(() => Promise.all(servers.map((s) => s.close())));

describe('/panel', () => {
  it('serves the tRPC panel listing every procedure when enabled', async () => {
    const server = await startServer({ PANEL_ENABLED: 'true' });
    servers.push(server);
    const response = await fetch(`${server.url}/panel`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    const html = await response.text();
    expect(html).toContain('tRPC.ui()');
    for (const path of Object.keys(appRouter._def.procedures)) {
      const [router, procedure] = path.split('.');
      expect(html, path).toContain(`"${router}"`);
      expect(html, path).toContain(`"${procedure}"`);
    }
    expect(html).toContain(`${server.url}/trpc`);
    expect(html).not.toMatch(/<script[^>]+src="https?:/); // nothing loaded from elsewhere
  });

  it('answers 404 when disabled (the default in production)', async () => {
    const server = await startServer({ NODE_ENV: 'production' });
    servers.push(server);
    expect((await fetch(`${server.url}/panel`)).status).toBe(404);
  });
});
