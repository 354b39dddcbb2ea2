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

export type HrImportStatus = 'running' | 'imported' | 'failed' | 'discarded';

export interface HrImportsTable {
  id: Generated<number>;
  /** The files of one upload share a batch: they are imported together or not at all. */
  batch_id: string;
  kind: string;
  status: HrImportStatus;
  file_name: string;
  bytes: number;
  rows: number | null;
  employees: number | null;
  /** 0–100. */
  progress: Generated<number>;
  /** JSON: { message, rowErrors, rowErrorCount }. */
  error: string | null;
  uploaded_by: number | null;
  started_at: EpochMs;
  finished_at: EpochMs | null;
}

export interface HrEmployeeDataTable {
  kind: string;
  employee_id: string;
  /** JSON: the kind's columns for this employee. */
  features: string;
  /** JSON: `YYYY-MM` → monthly signals. */
  periods: string;
}

export interface HrMasterTable {
  employee_id: string;
  /** JSON: the merged master row. */
  row: string;
  score: number | null;
  flagged: number;
  flag_rank: number | null;
  problems: string | null;
  other_problems: string | null;
  /** JSON: plain-words concerns for the assistant (never numbers). */
  concerns: string | null;
}

export interface HrAnalysesTable {
  id: Generated<number>;
  created_at: EpochMs;
  employees: number;
  flagged: number;
  summary: string;
}

export type CheckinStatus = 'pending' | 'delivered' | 'answered';

export interface CheckinsTable {
  id: Generated<number>;
  user_id: number;
  employee_id: string;
  /** The selection's day, YYYY-MM-DD (UTC). */
  day: string;
  /** JSON: [{ kind, words }]. */
  reasons: string;
  opener: string;
  status: CheckinStatus;
  room: string | null;
  created_at: EpochMs;
  delivered_at: EpochMs | null;
  answered_at: EpochMs | null;
}

export interface QuestionBankVersionsTable {
  id: Generated<number>;
  /** JSON: concern kind → { opener, followUps }. */
  content: string;
  created_by: number | null;
  created_at: EpochMs;
}

export interface EscalationsTable {
  id: Generated<number>;
  user_id: number;
  employee_id: string | null;
  room: string;
  concern: string;
  evidence: string;
  created_at: EpochMs;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  messages: MessagesTable;
  report_cursors: ReportCursorsTable;
  report_jobs: ReportJobsTable;
  reports: ReportsTable;
  hr_imports: HrImportsTable;
  hr_employee_data: HrEmployeeDataTable;
  hr_master: HrMasterTable;
  hr_analyses: HrAnalysesTable;
  checkins: CheckinsTable;
  question_bank_versions: QuestionBankVersionsTable;
  escalations: EscalationsTable;
}

export type UserRow = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type MessageRow = Selectable<MessagesTable>;
export type NewMessage = Insertable<MessagesTable>;
