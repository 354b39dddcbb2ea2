import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './support/server.js';

// Debian's chromium (.ci/run installs it). Elsewhere, set CHROMIUM_PATH or the test is skipped.
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = fs.existsSync(executablePath);
if (!haveChromium && process.env.CI !== 'true') {
  console.warn(`Skipping the browser test: no Chromium at ${executablePath}. Install Debian's chromium or set CHROMIUM_PATH.`);
}

const page = `<!doctype html><html><head><meta charset="utf-8"><title>HR assistant SDK</title>
<style>body{font:16px sans-serif;margin:2em;max-width:40em}#answer{white-space:pre-wrap;border:1px solid #ccc;padding:1em;min-height:4em}</style>
</head><body><h1>HR assistant</h1><p>Status: <span id="status">starting</span></p><div id="answer"></div>
<script type="module" src="/app.js"></script></body></html>`;

describe.skipIf(!haveChromium && process.env.CI !== 'true')('client SDK in a browser', () => {
  let pages: http.Server;
  let pageOrigin: string;
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    // Bundled for the browser platform: a Node-only import in the SDK's entry would fail the build.
    const bundle = await build({
      entryPoints: [path.resolve('tests/fixtures/browser/app.ts')],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      write: false,
      logLevel: 'silent',
    });
    const script = bundle.outputFiles[0]!.text;
    pages = http.createServer((request, response) => {
      const isScript = request.url === '/app.js';
      response.writeHead(200, { 'content-type': isScript ? 'text/javascript' : 'text/html' });
      response.end(isScript ? script : page);
    });
    await new Promise<void>((resolve) => pages.listen(0, '127.0.0.1', resolve));
    pageOrigin = `http://127.0.0.1:${(pages.address() as AddressInfo).port}`;
    // A different port is a different origin: the server must allow it (CORS).
    server = await startServer({ ALLOWED_ORIGINS: pageOrigin });
    browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await new Promise((resolve) => pages?.close(resolve));
  });

  it('shows an answer streamed chunk by chunk to a page bundling the SDK', { timeout: 60_000 }, async () => {
    const tab = await browser.newPage();
    const errors: string[] = [];
    tab.on('pageerror', (error) => errors.push(error.message));
    await tab.goto(`${pageOrigin}/?server=${encodeURIComponent(server.url)}`);
    const result = (await tab.evaluate(() => (window as unknown as { result: Promise<unknown> }).result)) as {
      chunks: string[];
      answer: { text: string; source: string };
    };
    expect(errors).toEqual([]);
    expect(result.chunks.length).toBeGreaterThan(1);
    expect(result.chunks.join('')).toBe(result.answer.text);
    expect(result.answer.source).toBe('offline');
    expect(await tab.textContent('#status')).toBe('done');
    expect(await tab.textContent('#answer')).toBe(result.answer.text);
    if (process.env.BROWSER_SCREENSHOT) await tab.screenshot({ path: process.env.BROWSER_SCREENSHOT });
  });
});
