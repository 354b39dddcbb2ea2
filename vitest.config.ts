import net from 'node:net';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

import { testDatabaseUrl as databaseUrl, testRedisUrl as redisUrl } from './tests/support/backend.js';

const SERVICES_ONLY = ['tests/scale-out.test.ts', 'tests/instances.test.ts'];
const CLIENT_ONLY = ['tests/client-sdk.test.ts', 'tests/browser.test.ts', 'tests/web-app.test.ts', 'tests/legacy-frontend-browser.test.ts'];

function reachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port) }, () => {
      socket.end();
      resolve(true);
    });
    socket.setTimeout(1000, () => {
      socket.destroy();
      resolve(false);
    });
    socket.on('error', () => resolve(false));
  });
}

// The suite runs twice: on SQLite + the in-process bus, and on PostgreSQL + Redis.
// Without those services the second run is skipped, except under CI=true, where it fails.
export default defineConfig(async () => {
  const servicesUp = (await reachable(databaseUrl)) && (await reachable(redisUrl));
  const runScaleOut = servicesUp || process.env.CI === 'true';
  if (!runScaleOut) {
    console.warn(
      `\nSkipping the PostgreSQL + Redis run: ${databaseUrl} or ${redisUrl} is not reachable. ` +
        'Set TEST_DATABASE_URL and TEST_REDIS_URL to run it.\n',
    );
  }
  // Tests that need several instances run on PostgreSQL + Redis only; tests of the client
  // packages do not depend on the storage and run once, on SQLite.
  const projects: TestProjectInlineConfiguration[] = [{ extends: true, test: { name: 'sqlite', exclude: [...SERVICES_ONLY] } }];
  if (runScaleOut) {
    projects.push({
      extends: true,
      test: {
        name: 'postgres-redis',
        exclude: [...CLIENT_ONLY],
        env: { TEST_BACKEND: 'postgres-redis', TEST_DATABASE_URL: databaseUrl, TEST_REDIS_URL: redisUrl },
        globalSetup: ['tests/support/pg-global-setup.ts'],
      },
    });
  }
  return {
    test: { include: ['tests/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 60_000, pool: 'forks' as const, projects },
  };
});
