import type { AuditLog } from '../audit/audit-log.js';
import { AppError } from '../errors.js';
import { isUniqueViolation } from '../db/unique-violation.js';
import type { UserRepository } from './user-repository.js';
import { toPublicUser, type PublicUser } from './user.js';
import { toProfile, type Profile, type ProfileUpdate } from './profile.js';

/** Where employee IDs come from: the imported HR data. */
export interface EmployeeDirectory {
  hasEmployee(employeeId: string): Promise<boolean>;
}

/** The links between accounts and HR's employee IDs, as HR manages them. */
export class UserService {
  private readonly linkListeners = new Set<(userId: number) => void>();

  constructor(
    private readonly users: UserRepository,
    private readonly directory: EmployeeDirectory,
    private readonly audit: Pick<AuditLog, 'record'>,
  ) {}

  /**
   * The rule for every link (an invite, HR's `setEmployeeId`): the ID is in the imported
   * HR data and no other account holds it. `userId`: the account about to hold it, if any.
   */
  async checkLinkable(employeeId: string, userId: number | null = null): Promise<void> {
    if (!(await this.directory.hasEmployee(employeeId))) {
      throw new AppError('NOT_FOUND', `employeeId: ${employeeId} is not in the imported HR data`);
    }
    const holder = await this.users.findByEmployeeId(employeeId);
    if (holder && holder.id !== userId) throw alreadyLinked(employeeId);
  }

  /** Links the account to `employeeId`, or unlinks it (null). */
  async setEmployeeId(userId: number, employeeId: string | null): Promise<PublicUser> {
    const user = await this.users.findById(userId);
    if (!user) throw new AppError('NOT_FOUND', `userId: no account ${userId}`);
    if (employeeId !== null) await this.checkLinkable(employeeId, userId);
    try {
      await this.users.setEmployeeId(userId, employeeId);
    } catch (error) {
      if (isUniqueViolation(error) && employeeId !== null) throw alreadyLinked(employeeId);
      throw error;
    }
    if (user.employee_id !== employeeId) for (const listener of this.linkListeners) listener(userId);
    return toPublicUser({ ...user, employee_id: employeeId });
  }

  /** Accounts with their links, by id. */
  async list(query: { cursor?: number | null | undefined; limit: number }) {
    const rows = await this.users.page(query.cursor ?? null, query.limit + 1);
    const items = rows.slice(0, query.limit).map((row) => ({ ...toPublicUser(row), createdAt: new Date(row.created_at) }));
    return { items, nextCursor: rows.length > query.limit ? items[items.length - 1]!.id : null };
  }

  /** The account linked to an employee ID (null if none), read by HR (audited). */
  async readLinkedAccount(reader: PublicUser, employeeId: string): Promise<{ id: number; username: string } | null> {
    const row = await this.users.findByEmployeeId(employeeId);
    await this.audit.record(reader, { action: 'hr_employee', subject: { employeeId, userId: row?.id }, detail: 'linked account' });
    return row ? { id: row.id, username: row.username } : null;
  }

  /** The account and its profile; NOT_FOUND naming `userId` if there is none. */
  async profile(userId: number): Promise<{ user: PublicUser; profile: Profile }> {
    const row = await this.users.findById(userId);
    if (!row) throw new AppError('NOT_FOUND', `userId: no account ${userId}`);
    return { user: toPublicUser(row), profile: toProfile(row) };
  }

  /** Sets the fields given (null clears one); the others stay. */
  async updateProfile(userId: number, update: ProfileUpdate): Promise<{ user: PublicUser; profile: Profile }> {
    const columns = { full_name: update.name, email: update.email, phone: update.phone, post: update.post, department: update.department, profile_pic: update.profilePic };
    await this.users.setProfile(userId, Object.fromEntries(Object.entries(columns).filter(([, value]) => value !== undefined)));
    return this.profile(userId);
  }

  async byUsername(username: string): Promise<PublicUser | null> {
    const row = await this.users.findByUsername(username);
    return row ? toPublicUser(row) : null;
  }

  /** Every account with its profile, by id. */
  async accounts(): Promise<Array<PublicUser & { profile: Profile }>> {
    return (await this.users.all()).map((row) => ({ ...toPublicUser(row), profile: toProfile(row) }));
  }

  /** An account's link changed: what was derived from the old one (open sockets) must be redone. */
  onLinkChanged(listener: (userId: number) => void): void {
    this.linkListeners.add(listener);
  }
}

function alreadyLinked(employeeId: string): AppError {
  return new AppError('CONFLICT', `employeeId: ${employeeId} is already linked to another account`);
}
