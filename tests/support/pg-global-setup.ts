import { Redis } from 'ioredis';
import pg from 'pg';
import { REDIS_TEST_PREFIX, SCHEMA_PREFIX, testDatabaseUrl, testRedisUrl } from './backend.js';

/** The PostgreSQL + Redis run cleans up after itself: its schemas and its Redis keys. */
async function cleanUp(): Promise<void> {
  const client = new pg.Client({ connectionString: testDatabaseUrl });
  await client.connect();
  // starts_with, not LIKE: '_' is a LIKE wildcard, and other runs may use other prefixes.
  const { rows } = await client.query<{ nspname: string }>('select nspname from pg_namespace where starts_with(nspname, $1)', [SCHEMA_PREFIX]);
  for (const { nspname } of rows) await client.query(`drop schema "${nspname}" cascade`);
  await client.end();
  const redis = new Redis(testRedisUrl);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${REDIS_TEST_PREFIX}*`, 'COUNT', 1000);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  redis.disconnect();
}

export async function setup(): Promise<() => Promise<void>> {
  await cleanUp();
  return cleanUp;
}
