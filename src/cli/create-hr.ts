import { AuthService } from '../auth/auth-service.js';
import { loadProcessConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrator.js';
import { RateLimits } from '../limits/rate-limits.js';
import { UserRepository } from '../users/user-repository.js';

const username = process.argv[2];
if (!username) {
  console.error('Usage: npm run create-hr -- <username>   (the user must have registered first)');
  process.exit(2);
}
const config = loadProcessConfig();
const database = openDatabase(config.databaseUrl);
try {
  await migrateToLatest(database.db);
  const auth = new AuthService(database.db, new UserRepository(database.db), config.sessionLifetimeHours, new RateLimits(config.rateLimits));
  await auth.promoteToHr(username);
  console.log(`${username} is now an HR user.`);
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
} finally {
  await database.close();
}
