import path from 'node:path';
import pg from 'pg';

/** Which storage and bus the suite runs on: set per vitest project (vitest.config.ts). */
export const backend = process.env.TEST_BACKEND === 'postgres-redis' ? 'postgres-redis' : 'sqlite';
/** Overridable so that two runs of the PostgreSQL + Redis suite on one machine keep apart. */
export const SCHEMA_PREFIX = process.env.TEST_SCHEMA_PREFIX ?? 't_';
/** Where the PostgreSQL + Redis run finds its services (the machine's own by default). */
export const testDatabaseUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const testRedisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const REDIS_TEST_PREFIX = `hr-test:${SCHEMA_PREFIX}`;

/**
 * Environment for a server whose data lives in `dataDir`: nothing extra on SQLite;
 * on PostgreSQL + Redis, a schema and a Redis key prefix of its own, derived from the
 * directory so that a restarted server finds its data again.
 */
export async function backendEnv(dataDir: string): Promise<Record<string, string>> {
  if (backend === 'sqlite') return {};
  const schema = `${SCHEMA_PREFIX}${path.basename(dataDir).replace(/[^A-Za-z0-9]/g, '_').toLowerCase()}`;
  const base = testDatabaseUrl;
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  try {
    await client.query(`create schema if not exists "${schema}"`);
  } finally {
    await client.end();
  }
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    DATABASE_URL: url.toString(),
    DATABASE_POOL_SIZE: '4',
    REDIS_URL: testRedisUrl,
    REDIS_PREFIX: `${REDIS_TEST_PREFIX}${schema}:`,
  };
}
