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
  /** 1: check-in invitations and reminders by e-mail (the employee's choice); 0: none. */
  notify_invitations: Generated<number>;
  /** Profile fields the employee edits (migration 0009); null until set. */
  full_name: Generated<string | null>;
  phone: Generated<string | null>;
  post: Generated<string | null>;
  department: Generated<string | null>;
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

/** The columns of a durable job claimed under a lease (`src/jobs/leased-job-runner.ts`). */
export interface LeasedJobColumns<Status extends string> {
  status: Status;
  attempts: Generated<number>;
  run_after: EpochMs;
  /** A claimed job whose lease has passed is presumed abandoned (crashed worker). */
  lease_until: EpochMs | null;
  locked_by: string | null;
  last_error: string | null;
  created_at: EpochMs;
}

export interface ReportJobsTable extends LeasedJobColumns<ReportJobStatus> {
  id: Generated<number>;
  user_id: number;
  room: string;
  /** The session: this conversation's messages with ids in [first, last]. */
  first_message_id: number;
  last_message_id: number;
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
  /** The kind's version this file made current, and the one before it (null: none). */
  version_id: number | null;
  previous_version_id: number | null;
}

export type HrUploadStatus = 'running' | 'applied' | 'failed' | 'rolled_back';

export interface HrUploadsTable {
  id: Generated<number>;
  batch_id: string;
  mode: 'replace' | 'append';
  status: HrUploadStatus;
  uploaded_by: number | null;
  started_at: EpochMs;
  finished_at: EpochMs | null;
  /** JSON: per kind, rows added/updated/removed and employees gained/lost. */
  changes: string | null;
  rolled_back_at: EpochMs | null;
  rolled_back_by: number | null;
}

export interface HrKindVersionsTable {
  id: Generated<number>;
  kind: string;
  /** `csv`: the uploaded file itself, in chunks; `rows`: row batches. */
  format: 'csv' | 'rows';
  rows: number;
  employees: number;
  created_at: EpochMs;
}

export interface HrRowBatchesTable {
  version_id: number;
  seq: number;
  /** Rows in this batch (0 for a chunk of a CSV file). */
  rows: number;
  /** A chunk of the CSV file, or a row batch (src/hrdata/row-store.ts). */
  data: Buffer;
}

export interface HrCurrentVersionsTable {
  kind: string;
  version_id: number;
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

/** HR's invite: links the account registered with it to `employee_id`, once. */
export interface InvitesTable {
  id: Generated<number>;
  /** SHA-256 of the code: the code itself is never stored. */
  code_hash: string;
  employee_id: string;
  created_by: number | null;
  created_at: EpochMs;
  expires_at: EpochMs;
  used_by: number | null;
  used_at: EpochMs | null;
}

export type MailStatus = 'pending' | 'sending' | 'sent' | 'failed';

export interface MailOutboxTable extends LeasedJobColumns<MailStatus> {
  id: Generated<number>;
  /** One per event and recipient: the same event never queues a second mail. */
  dedupe_key: string;
  kind: string;
  recipient: string;
  subject: string;
  body: string;
  sent_at: EpochMs | null;
}

export type CheckinNoticeKind = 'invitation' | 'reminder' | 'digest';

export interface CheckinNoticesTable {
  checkin_id: number;
  kind: CheckinNoticeKind;
  created_at: EpochMs;
}

export interface ScheduledRunsTable {
  job: string;
  /** The local day (YYYY-MM-DD, in the configured time zone) the run is for. */
  day: string;
  lease_until: EpochMs;
  finished_at: EpochMs | null;
}

/** An open chat session, leased by the instance serving it (owned by the chat module). */
export interface ChatSessionsTable {
  user_id: number;
  room: string;
  owner: string;
  lease_until: EpochMs;
  /** When the employee last said something in it. */
  touched_at: EpochMs;
}

/** One HR read of another person's data (owned by the audit module). */
export interface AuditLogTable {
  id: Generated<number>;
  /** Who read. */
  actor_id: number;
  /** Whose data: their account and/or their HR employee ID; both null for a read of many people at once. */
  subject_user_id: number | null;
  subject_employee_id: string | null;
  /** What was read: one of `AUDIT_ACTIONS` (src/audit/audit-log.ts). */
  action: string;
  detail: string | null;
  created_at: EpochMs;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  messages: MessagesTable;
  chat_sessions: ChatSessionsTable;
  report_cursors: ReportCursorsTable;
  report_jobs: ReportJobsTable;
  reports: ReportsTable;
  hr_imports: HrImportsTable;
  hr_uploads: HrUploadsTable;
  hr_kind_versions: HrKindVersionsTable;
  hr_row_batches: HrRowBatchesTable;
  hr_current_versions: HrCurrentVersionsTable;
  hr_employee_data: HrEmployeeDataTable;
  hr_master: HrMasterTable;
  hr_analyses: HrAnalysesTable;
  checkins: CheckinsTable;
  question_bank_versions: QuestionBankVersionsTable;
  escalations: EscalationsTable;
  mail_outbox: MailOutboxTable;
  checkin_notices: CheckinNoticesTable;
  scheduled_runs: ScheduledRunsTable;
  invites: InvitesTable;
  audit_log: AuditLogTable;
}

export type UserRow = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type MessageRow = Selectable<MessagesTable>;
export type NewMessage = Insertable<MessagesTable>;
