import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { AppError } from '../errors.js';
import type { UserService } from '../users/user-service.js';
import { InviteRepository, type InviteRow } from './invite-repository.js';
import { newInviteCode, secretHash } from './tokens.js';

const HOUR_MS = 3_600_000;

/**
 * HR's invites: the only way a registration links an account to an employee ID. The code
 * is returned once and stored as its hash; registration opens and claims it (`openInvite`,
 * `claimInvite`) in its own transaction, so the account and the claim are written together
 * or not at all.
 */
export class InviteService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly links: Pick<UserService, 'checkLinkable'>,
  ) {}

  async create(createdBy: number, input: { employeeId: string; expiresInHours: number }, now = Date.now()) {
    await this.links.checkLinkable(input.employeeId);
    const code = newInviteCode();
    const expiresAt = now + Math.round(input.expiresInHours * HOUR_MS);
    await new InviteRepository(this.db).insert({
      code_hash: secretHash(code),
      employee_id: input.employeeId,
      created_by: createdBy,
      created_at: now,
      expires_at: expiresAt,
      used_by: null,
      used_at: null,
    });
    return { code, expiresAt: new Date(expiresAt) };
  }
}

/** The invite for `code` if it can still be used; otherwise a BAD_REQUEST naming `inviteCode`. */
export async function openInvite(trx: Kysely<Database>, code: string, now: number): Promise<InviteRow> {
  const invite = await new InviteRepository(trx).findByCodeHash(secretHash(code));
  if (!invite) throw new AppError('BAD_REQUEST', 'inviteCode: not a valid invite code');
  if (invite.used_at !== null) throw usedError();
  if (invite.expires_at <= now) throw new AppError('BAD_REQUEST', 'inviteCode: expired; ask HR for a new invite');
  return invite;
}

/** Claims the opened invite for the new account, unless another registration took it meanwhile. */
export async function claimInvite(trx: Kysely<Database>, invite: InviteRow, userId: number, now: number): Promise<void> {
  if (!(await new InviteRepository(trx).claim(invite.id, userId, now))) throw usedError();
}

const usedError = () => new AppError('BAD_REQUEST', 'inviteCode: already used');
