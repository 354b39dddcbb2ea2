import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { createPanelRoute } from '../src/http/panel.js';
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
    expect(html).toContain('"url":"/trpc"'); // relative: the page works under any host name
    expect(html).not.toMatch(/<script[^>]+src="https?:/); // nothing loaded from elsewhere
  });

  it('answers 404 when disabled (the default in production)', async () => {
    const server = await startServer({ NODE_ENV: 'production' });
    servers.push(server);
    expect((await fetch(`${server.url}/panel`)).status).toBe(404);
  });

  it('answers 404 saying why when trpc-ui (a dev dependency) is not installed', async () => {
    const server = await startServer({ PANEL_ENABLED: 'true' });
    servers.push(server);
    // What Node throws when a production install (--omit=dev) left the package out.
    const notInstalled = Object.assign(new Error("Cannot find package 'trpc-ui' imported from src/http/panel.ts"), { code: 'ERR_MODULE_NOT_FOUND' });
    const route = createPanelRoute(server.app.services, () => Promise.reject(notInstalled));
    const panelOnly = http.createServer(async (req, res) => {
      if (!(await route(req, res, new URL(req.url!, 'http://localhost')))) res.writeHead(418).end();
    });
    await new Promise<void>((resolve) => panelOnly.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(panelOnly.address() as AddressInfo).port}`;
      for (let attempt = 0; attempt < 2; attempt++) {
        const response = await fetch(`${url}/panel`);
        expect(response.status).toBe(404);
        expect(await response.json()).toEqual({ error: 'The tRPC panel needs trpc-ui, a dev dependency, which is not installed' });
      }
      expect((await fetch(`${url}/other`)).status).toBe(418);
    } finally {
      await new Promise((resolve) => panelOnly.close(resolve));
    }
  });
});
