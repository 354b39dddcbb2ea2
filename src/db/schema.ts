import type { Generated, Insertable, Selectable } from 'kysely';

/** Timestamps are epoch milliseconds in a BIGINT column: portable across SQLite and PostgreSQL. */
type EpochMs = number;

export type Role = 'employee' | 'hr';
export type Direction = 'sent' | 'received';

export interface UsersTable {
  id: Generated<number>;
  username: string;
  email: string | null;
  employee_id: string | null;
  role: Role;
  profile_pic: string | null;
  password_hash: string;
  created_at: EpochMs;
}

export interface SessionsTable {
  /** SHA-256 of the bearer token: the token itself is never stored. */
  id: string;
  user_id: number;
  expires_at: EpochMs;
}

export interface MessagesTable {
  id: Generated<number>;
  user_id: number;
  room: string;
  direction: Direction;
  text: string;
  /** For assistant answers: `mistral:<model>` or `offline`. */
  source: string | null;
  answer_id: string | null;
  created_at: EpochMs;
}

export interface ReportCursorsTable {
  user_id: number;
  room: string;
  last_message_id: number;
}

export type ReportJobStatus = 'pending' | 'running' | 'done' | 'failed' | 'skipped';

export interface ReportJobsTable {
  id: Generated<number>;
  user_id: number;
  room: string;
  /** The session: this conversation's messages with ids in [first, last]. */
  first_message_id: number;
  last_message_id: number;
  status: ReportJobStatus;
  attempts: Generated<number>;
  run_after: EpochMs;
  /** A running job whose lease has passed is presumed abandoned (crashed worker). */
  lease_until: EpochMs | null;
  locked_by: string | null;
  last_error: string | null;
  created_at: EpochMs;
}

export interface ReportsTable {
  id: Generated<number>;
  /** Unique: one report per job, however often the job is retried. */
  job_id: number;
  user_id: number;
  employee_id: string;
  session_id: string;
  report_date: EpochMs;
  source: 'mistral' | 'fallback';
  risk_level: 'low' | 'medium' | 'high' | 'critical';
  risk_score: number;
  escalate: number;
  file_name: string;
  /** The report file's JSON. */
  content: string;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  messages: MessagesTable;
  report_cursors: ReportCursorsTable;
  report_jobs: ReportJobsTable;
  reports: ReportsTable;
}

export type UserRow = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type MessageRow = Selectable<MessagesTable>;
export type NewMessage = Insertable<MessagesTable>;
