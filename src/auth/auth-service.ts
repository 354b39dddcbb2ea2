import type { Kysely } from 'kysely';
import type { Database, Role } from '../db/schema.js';
import { AppError } from '../errors.js';
import { isUniqueViolation } from '../db/unique-violation.js';
import { UserRepository } from '../users/user-repository.js';
import { toPublicUser, type PublicUser } from '../users/user.js';
import { claimInvite, openInvite } from './invite-service.js';
import { KyselyLuciaAdapter } from './kysely-lucia-adapter.js';
import { createLucia } from './lucia.js';
import type { RateLimits } from '../limits/rate-limits.js';
import { burnPasswordCheck, hashPassword, verifyPassword } from './passwords.js';
import { newSessionToken, sessionIdFromToken } from './tokens.js';

export interface RegisterInput {
  username: string;
  password: string;
  email?: string | null | undefined;
  inviteCode?: string | undefined;
  employeeId?: string | null | undefined;
  role?: Role | undefined;
}

export interface AuthResult {
  token: string;
  user: PublicUser;
}

export interface Authenticated {
  user: PublicUser;
  sessionId: string;
  expiresAt: Date;
}

const INVALID_CREDENTIALS = 'Invalid username or password';
const SELF_CLAIM = 'employeeId: an account is linked to an employee ID only through an HR invite: register with the inviteCode HR gave you';

/** A session ended early: its sockets must close too. */
export type Revocation = { sessionId: string } | { userId: number };

export class AuthService {
  private readonly lucia;
  private readonly adapter: KyselyLuciaAdapter;
  private readonly revocationListeners = new Set<(revocation: Revocation) => Promise<void> | void>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly users: UserRepository,
    lifetimeHours: number,
    private readonly limits: RateLimits,
  ) {
    this.adapter = new KyselyLuciaAdapter(db);
    this.lucia = createLucia(this.adapter, lifetimeHours);
  }

  /**
   * `actor` is the caller, if signed in: only HR may create HR users. With an invite the
   * account is linked to its employee ID; account and claim are one transaction.
   */
  async register(input: RegisterInput, actor: PublicUser | null, ip = 'internal'): Promise<AuthResult> {
    await this.limits.consume('register', `ip:${ip}`);
    const role = input.role ?? 'employee';
    if (role === 'hr' && actor?.role !== 'hr') {
      throw new AppError('FORBIDDEN', 'Only an HR user can create another HR user');
    }
    if (input.employeeId && !input.inviteCode) throw new AppError('BAD_REQUEST', SELF_CLAIM);
    const usernameTaken = () => new AppError('CONFLICT', `username: "${input.username}" is already taken`);
    if (await this.users.findByUsernameInAnyCase(input.username)) throw usernameTaken();
    const passwordHash = await hashPassword(input.password);
    try {
      const row = await this.db.transaction().execute(async (trx) => {
        const now = Date.now();
        const invite = input.inviteCode ? await openInvite(trx, input.inviteCode, now) : null;
        if (input.employeeId && input.employeeId !== invite?.employee_id) throw new AppError('BAD_REQUEST', "employeeId: not the invite's employee ID (leave it out: the invite says it)");
        const user = await new UserRepository(trx).insert({
          username: input.username,
          email: input.email ?? null,
          employee_id: invite?.employee_id ?? null,
          role,
          profile_pic: null,
          password_hash: passwordHash,
          created_at: now,
        });
        if (invite) await claimInvite(trx, invite, user.id, now);
        return user;
      });
      return { token: await this.startSession(row.id), user: toPublicUser(row) };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      if (await this.users.findByUsernameInAnyCase(input.username)) throw usernameTaken();
      throw new AppError('CONFLICT', "inviteCode: the invite's employee ID is already linked to another account");
    }
  }

  async login(username: string, password: string, ip = 'internal'): Promise<AuthResult> {
    const attempt = await this.limits.beginLogin(username.toLowerCase(), ip);
    const row = await this.users.findByUsername(username);
    if (!row) {
      await burnPasswordCheck(password);
      throw new AppError('UNAUTHORIZED', INVALID_CREDENTIALS);
    }
    if (!(await verifyPassword(row.password_hash, password))) {
      throw new AppError('UNAUTHORIZED', INVALID_CREDENTIALS);
    }
    await attempt.succeeded();
    return { token: await this.startSession(row.id), user: toPublicUser(row) };
  }

  /** Validates a bearer token, sliding its expiry when past half-life. */
  async authenticate(token: string | null | undefined): Promise<Authenticated | null> {
    if (!token) return null;
    const { session, user } = await this.lucia.validateSession(sessionIdFromToken(token));
    if (!session || !user) return null;
    const { id, ...attributes } = user;
    return { user: { ...attributes, id }, sessionId: session.id, expiresAt: session.expiresAt };
  }

  /** Whether each session still stands, and for whom (an ended or expired one is absent): for sockets opened on it. */
  async standingSessions(sessionIds: string[]): Promise<Map<string, { role: Role }>> {
    const now = Date.now();
    const states = await this.adapter.sessionStates(sessionIds);
    return new Map([...states].filter(([, state]) => state.expiresAt > now).map(([id, { role }]) => [id, { role }]));
  }

  /** A session used over a socket slides as one used over HTTP does (past half its life). */
  async slide(sessionId: string): Promise<void> {
    await this.lucia.validateSession(sessionId);
  }

  async logout(sessionId: string): Promise<void> {
    await this.lucia.invalidateSession(sessionId);
    await this.revoked({ sessionId });
  }

  async logoutEverywhere(userId: number): Promise<void> {
    await this.lucia.invalidateUserSessions(userId);
    await this.revoked({ userId });
  }

  /** Changes the password and ends every session of the user; returns a fresh one. */
  async changePassword(user: PublicUser, currentPassword: string, newPassword: string, ip = 'internal'): Promise<AuthResult> {
    const attempt = await this.limits.beginLogin(user.username.toLowerCase(), ip);
    const row = await this.users.findById(user.id);
    if (!row || !(await verifyPassword(row.password_hash, currentPassword))) {
      throw new AppError('UNAUTHORIZED', 'currentPassword: incorrect');
    }
    await attempt.succeeded();
    await this.users.setPasswordHash(user.id, await hashPassword(newPassword));
    await this.logoutEverywhere(user.id);
    return { token: await this.startSession(user.id), user: toPublicUser(row) };
  }

  onRevoked(listener: (revocation: Revocation) => Promise<void> | void): void {
    this.revocationListeners.add(listener);
  }

  private async revoked(revocation: Revocation): Promise<void> {
    await Promise.all([...this.revocationListeners].map((listener) => listener(revocation)));
  }

  /**
   * The original system's trust-the-username mode (LEGACY_TRUST_USERNAME): the user
   * named, created on the fly with an unusable password. For closed dev setups only.
   */
  async trustedUser(username: string): Promise<PublicUser> {
    const existing = await this.users.findByUsername(username);
    if (existing) return toPublicUser(existing);
    const created = await this.register({ username, password: newSessionToken() }, null);
    return created.user;
  }

  /** For the `create-hr` command: makes an existing user HR. */
  async promoteToHr(username: string): Promise<void> {
    if (!(await this.users.setRole(username, 'hr'))) {
      throw new AppError('NOT_FOUND', `No user named "${username}"`);
    }
  }

  private async startSession(userId: number): Promise<string> {
    const token = newSessionToken();
    await this.lucia.createSession(userId, {}, { sessionId: sessionIdFromToken(token) });
    return token;
  }
}
