import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import type { AuditLog } from '../audit/audit-log.js';
import { AppError, type ImportErrorDetail } from '../errors.js';
import { hrImportsTotal } from '../observability/metrics.js';
import { createStagingDir, discardStaged, removeAbandonedStaging, type StagedFile } from './staged-file.js';
import type { Logger } from '../logger.js';
import type { KindAggregate } from './aggregators.js';
import type { ImportProgress } from './csv-import.js';
import type { Analysis } from './pipeline.js';
import { aggregateOffThread, analyseOffThread, importFiles, planOffThread, warmAnalysisWorker, type AnalysisWorker } from './parallel-import.js';
import { DIRECTORY_KIND, HR_KINDS, type HrKind } from './kinds.js';
import { masterTableCsv } from './master-export.js';
import type { MasterRow } from './master-table.js';
import type { HrDataRepository, HrImportRow } from './hrdata-repository.js';
import type { PublicUser } from '../users/user.js';
import type { KindChanges, RowBatch, StoredRows, UploadMode } from './row-store.js';

const PROGRESS_WRITE_MS = 1000;

/** One month of an employee's signals: `month` (YYYY-MM) and what the kinds counted (`work_hours`, `vibe_score`, …). */
export type MonthlySignals = { month: string } & Record<string, number | string>;
export interface EmployeeTotals {
  flagged: boolean;
  averageHours: number | null;
  performanceRating: number | null;
  rewardPoints: number | null;
}

/** An employee of the directory (the optional `employees` kind). */
export interface DirectoryEntry {
  employeeId: string;
  name: string;
  email: string | null;
  department: string;
  post: string | null;
  manager: string | null;
}

const text = (value: unknown) => (typeof value === 'string' ? value : null);
/** How long a spare analysis worker waits for its upload's import. */
const SPARE_ANALYSIS_WORKER_MS = 60_000;

const jobOf = (file: StagedFile) => ({ kind: file.kind, path: file.path, bytes: file.bytes });

const toDate = (ms: number | null) => (ms === null ? null : new Date(Number(ms)));

/**
 * The HR data pipeline behind every transport: import an upload's files (all or nothing),
 * rebuild the master table, run the detector, and answer HR's questions about the result.
 */
export class HrDataService {
  /** One import at a time per process: each rebuilds the whole analysis. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly importedListeners = new Set<() => Promise<void>>();
  /** Where stored CSV versions are written back to disk for the importer to read again. */
  private stagingDir = '';

  private spare: { worker: AnalysisWorker; timer: NodeJS.Timeout } | null = null;

  constructor(
    private readonly repository: HrDataRepository,
    private readonly logger: Logger,
    private readonly audit: AuditLog,
    /** Who uploaded or rolled back, by account id (the users module's). */
    private readonly accountNames: (ids: number[]) => Promise<Map<number, string>> = async () => new Map(),
  ) {}

  /** At start-up: marks imports a stop interrupted as failed and removes the files their uploads left in `stagingDir`. */
  async start(stagingDir: string): Promise<void> {
    this.stagingDir = stagingDir;
    await this.repository.abandonRunning();
    const removed = await removeAbandonedStaging(stagingDir);
    if (removed.length > 0) this.logger.info({ removed }, 'removed the files of uploads cut short by an earlier stop');
  }

  /** Called after each change of the data (an import or a rollback): what the assistant knows of employees. */
  onImported(listener: () => Promise<void>): void {
    this.importedListeners.add(listener);
  }

  /** Runs one change of the data at a time in this process: each rebuilds the whole analysis. */
  private serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work);
    this.queue = run.catch(() => {});
    return run;
  }

  /**
   * Imports the files of one upload (`replace`: each kind's rows become the file's; `append`: the
   * file's rows are added, a row with the same employee and date replacing the stored one); throws
   * BAD_REQUEST (naming each bad file's kind) and keeps the previous data if any file is bad.
   */
  import(files: StagedFile[], mode: UploadMode, uploadedBy: number | null) {
    return this.serially(() => this.importNow(files, mode, uploadedBy))
      .then(
        (result) => {
          hrImportsTotal.inc({ outcome: 'imported' });
          return result;
        },
        (error: unknown) => {
          hrImportsTotal.inc({ outcome: error instanceof AppError ? 'rejected' : 'failed' });
          throw error;
        },
      )
      .finally(() => discardStaged(files));
  }

  /** What importing the files would change, per kind, without changing anything. */
  dryRun(files: StagedFile[], mode: UploadMode) {
    return this.serially(async () => {
      const parsed = await this.parse(files, null);
      const changes: Record<string, KindChanges> = {};
      for (const [i, aggregate] of parsed.entries()) {
        await this.refuseAppendWithoutRows(aggregate.kind, mode);
        const incoming: StoredRows = { format: 'csv', path: files[i]!.path };
        changes[aggregate.kind] = (await this.withVersion(await this.repository.currentVersion(aggregate.kind), (current) => planOffThread(aggregate.kind, mode, current, incoming))).changes;
      }
      return { dryRun: true, importId: null, batchId: null, mode, files: this.describeFiles(files, parsed), changes, employees: null, flaggedCount: null };
    }).finally(() => discardStaged(files));
  }

  private describeFiles(files: StagedFile[], aggregates: KindAggregate[]) {
    return aggregates.map((a, i) => ({ kind: a.kind, fileName: files[i]!.fileName, rows: a.rows, employees: a.employees.size }));
  }

  private async rollbackable(importId: number): Promise<void> {
    const upload = await this.repository.upload(importId);
    if (!upload) throw new AppError('NOT_FOUND', `importId: there is no import ${importId}`);
    if (upload.status !== 'applied') throw new AppError('CONFLICT', `importId: import ${importId} is ${upload.status.replace('_', ' ')}; only an applied import can be rolled back`);
  }

  /** Runs `use` with a stored version's rows as a worker reads them (a CSV version written back to a file for the while). */
  private async withVersion<T>(versionId: number | null, use: (rows: StoredRows) => Promise<T>): Promise<T> {
    if (versionId === null) return use({ format: 'rows', batches: [] });
    if ((await this.repository.versionFormat(versionId)) === 'rows') {
      const batches: RowBatch[] = [];
      for await (const batch of this.repository.versionData(versionId)) batches.push(batch);
      return use({ format: 'rows', batches });
    }
    const kept = await this.repository.versionFile(versionId);
    if (kept) return use({ format: 'csv', path: kept });
    const dir = await createStagingDir(this.stagingDir);
    try {
      const file = path.join(dir, 'version.csv');
      await pipeline(
        (async function* (chunks) {
          for await (const chunk of chunks) yield chunk.data;
        })(this.repository.versionData(versionId)),
        fs.createWriteStream(file),
      );
      return await use({ format: 'csv', path: file });
    } finally {
      await fs.promises.rm(dir, { recursive: true, force: true });
    }
  }

  /** Rows appended to a kind stored before rows were kept would silently lose the old ones. */
  private async refuseAppendWithoutRows(kind: HrKind, mode: UploadMode) {
    if (mode === 'append' && (await this.repository.hasUnversionedData(kind))) {
      throw new AppError('BAD_REQUEST', `mode: ${kind}'s data was imported before imports kept their rows, so nothing can be appended to it; upload the whole ${kind} file once with mode "replace"`);
    }
  }

  /**
   * Parses and validates the files on worker threads, recording each file's progress and outcome
   * under `record` (none for a dry run); throws BAD_REQUEST if any file is bad.
   */
  private async parse(files: StagedFile[], record: { batchId: string; uploadedBy: number | null; ids: number[] } | null): Promise<KindAggregate[]> {
    const entries: Array<{ file: StagedFile; id: number | null }> = [];
    for (const file of files) {
      const id = record ? await this.repository.startImport({ batchId: record.batchId, kind: file.kind, fileName: file.fileName, bytes: file.bytes, uploadedBy: record.uploadedBy }) : null;
      if (id !== null) record!.ids.push(id);
      entries.push({ file, id });
    }
    const totalBytes = files.reduce((sum, f) => sum + f.bytes, 0) || 1;
    const readBytes = new Map<HrKind, number>();
    let lastWrite = 0;
    const onProgress = (kind: HrKind, bytes: number) => {
      readBytes.set(kind, bytes);
      if (!record || Date.now() - lastWrite < PROGRESS_WRITE_MS) return;
      lastWrite = Date.now();
      // Parsing is ~90% of the work; the rest is storing and analysing.
      const percent = (90 * [...readBytes.values()].reduce((a, b) => a + b, 0)) / totalBytes;
      for (const entry of entries) void this.repository.setProgress(entry.id!, Math.min(90, Math.round(percent))).catch(() => {});
    };
    const late = entries.filter(({ file }) => !file.parsing);
    const lateResults = late.length === 0 ? Promise.resolve([]) : importFiles(late.map(({ file }) => ({ ...jobOf(file), onProgress: (p: ImportProgress) => onProgress(file.kind, p.bytesRead) })));
    const results = await Promise.all(entries.map(async (entry) => entry.file.parsing ?? (await lateResults)[late.indexOf(entry)]!));
    const failures: ImportErrorDetail[] = [];
    results.forEach((result, i) => {
      if (!result.ok) failures.push({ kind: result.kind, fileName: entries[i]!.file.fileName, ...result.error });
    });
    if (failures.length > 0) {
      for (const { file, id } of entries) {
        if (id === null) continue;
        const failure = failures.find((f) => f.kind === file.kind);
        await this.repository.finishImport(id, failure ? { status: 'failed', error: failure } : { status: 'discarded', error: { message: 'Not imported: another file of this upload was rejected', rowErrors: [], rowErrorCount: 0 } });
      }
      const message = failures.map((f) => `${f.kind}: ${f.message}`).join('; ');
      throw new AppError('BAD_REQUEST', `${message}. Nothing was imported; the previous data is unchanged.`, { importErrors: failures });
    }
    return results.map((r) => (r as { ok: true; aggregate: KindAggregate }).aggregate);
  }

  /**
   * An upload has started arriving: a worker loads the analysis code (danfo.js, about half a
   * second of a core) meanwhile, rather than beside the workers reading the files. Kept for
   * the upload's import; dropped if none comes in time (a dry run, a refused upload).
   */
  prepareAnalysis(): void {
    if (this.spare) return;
    const worker = warmAnalysisWorker({ unref: true });
    this.spare = { worker, timer: setTimeout(() => void this.dropSpare(), SPARE_ANALYSIS_WORKER_MS).unref() };
  }

  private takeAnalysisWorker(): AnalysisWorker {
    const spare = this.spare;
    this.spare = null;
    if (!spare) return warmAnalysisWorker();
    clearTimeout(spare.timer);
    return spare.worker;
  }

  private async dropSpare(): Promise<void> {
    const spare = this.spare;
    this.spare = null;
    if (!spare) return;
    clearTimeout(spare.timer);
    await spare.worker.close();
  }

  /** At shutdown. */
  close(): Promise<void> {
    return this.dropSpare();
  }

  /**
   * Starts reading a staged file at once, before the upload it belongs to has all arrived (on a
   * slow link the files' reading then hides behind the upload); `parse` takes the result.
   */
  parseEarly(file: StagedFile): void {
    file.parsing = importFiles([jobOf(file)]).then(([result]) => result!);
    file.parsing.catch(() => {}); // its failure is the upload's, when parse awaits it
  }

  private async importNow(files: StagedFile[], mode: UploadMode, uploadedBy: number | null) {
    const batchId = randomUUID();
    const started = Date.now();
    const importId = await this.repository.startUpload({ batchId, mode, uploadedBy });
    const record = { batchId, uploadedBy, ids: [] as number[] };
    const importIds = record.ids;
    // A replace keeps each file as uploaded: stored while the workers parse, dropped if the upload fails.
    let stored = false;
    const savingFiles: Array<Promise<number>> = mode === 'replace' ? files.map((file) => this.repository.saveCsvVersion(file.kind, file.path)) : [];
    const analysisWorker = this.takeAnalysisWorker();
    try {
      for (const file of files) await this.refuseAppendWithoutRows(file.kind, mode);
      const parsed = await this.parse(files, record);
      this.logger.info({ batchId, ms: Date.now() - started }, 'HR files parsed');
      const storing = Date.now();
      // The analysis runs on its worker while this thread stores: with replace, the parsed
      // aggregates are the new data; with append, those the appends make below.
      let analysing = mode === 'replace' ? this.analyseMeanwhile(parsed, analysisWorker) : null;
      const changes: Record<string, KindChanges> = {};
      const applied = [];
      for (const [i, fresh] of parsed.entries()) {
        const previousVersionId = await this.repository.currentVersion(fresh.kind);
        const version = { kind: fresh.kind, employees: fresh.employees.size };
        let aggregate = fresh;
        let versionId: number;
        if (mode === 'append') {
          const incoming: StoredRows = { format: 'csv', path: files[i]!.path };
          const plan = await this.withVersion(previousVersionId, (current) => planOffThread(fresh.kind, mode, current, incoming));
          changes[fresh.kind] = plan.changes;
          aggregate = await aggregateOffThread(fresh.kind, { format: 'rows', batches: plan.rows! });
          versionId = await this.repository.saveVersion({ ...version, format: 'rows', rows: aggregate.rows, employees: aggregate.employees.size }, plan.rows!);
        } else {
          versionId = await savingFiles[i]!;
          await this.repository.setVersionCounts(versionId, { rows: fresh.rows, employees: fresh.employees.size });
        }
        applied.push({ importId: importIds[i]!, aggregate, versionId, previousVersionId });
      }
      analysing ??= this.analyseMeanwhile(applied.map((a) => a.aggregate), analysisWorker);
      await this.repository.applyUpload(applied);
      stored = true;
      this.logger.info({ batchId, ms: Date.now() - storing }, 'HR data stored');
      for (const [i, id] of importIds.entries()) await this.repository.finishImport(id, { status: 'imported', rows: parsed[i]!.rows, employees: parsed[i]!.employees.size });
      const analysis = await this.publishAnalysis(await analysing);
      await this.repository.finishUpload(importId, 'applied', mode === 'append' ? changes : null);
      this.logger.info({ batchId, kinds: parsed.map((a) => a.kind), ms: Date.now() - started, flagged: analysis.flaggedCount }, 'HR data imported');
      return {
        dryRun: false,
        importId,
        batchId,
        mode,
        files: this.describeFiles(files, parsed),
        changes: mode === 'append' ? changes : null,
        employees: analysis.employees,
        flaggedCount: analysis.flaggedCount,
      };
    } catch (error) {
      if (!stored) {
        for (const outcome of await Promise.allSettled(savingFiles)) if (outcome.status === 'fulfilled') await this.repository.deleteVersion(outcome.value).catch(() => {});
      }
      await this.repository.finishUpload(importId, 'failed').catch(() => {});
      if (!(error instanceof AppError)) {
        for (const id of importIds) await this.repository.finishImport(id, { status: 'failed', error: { message: 'Internal error during the import', rowErrors: [], rowErrorCount: 0 } }).catch(() => {});
      }
      throw error;
    } finally {
      await analysisWorker.close();
    }
  }

  /**
   * Every upload, newest first: who, when, how, its files with their counts, what an append
   * changed, and whether it is applied, failed or rolled back.
   */
  async imports() {
    const uploads = await this.repository.uploads();
    const names = await this.accountNames(uploads.flatMap((u) => [u.uploaded_by, u.rolled_back_by].filter((id): id is number => id !== null)));
    const nameOf = (id: number | null) => (id === null ? null : (names.get(id) ?? null));
    return uploads.map((upload) => ({
      importId: upload.id,
      batchId: upload.batch_id,
      mode: upload.mode,
      status: upload.status,
      uploadedBy: upload.uploaded_by,
      uploadedByName: nameOf(upload.uploaded_by),
      startedAt: new Date(Number(upload.started_at)),
      finishedAt: toDate(upload.finished_at),
      rolledBackAt: toDate(upload.rolled_back_at),
      rolledBackBy: upload.rolled_back_by,
      rolledBackByName: nameOf(upload.rolled_back_by),
      changes: upload.changes,
      files: upload.files.map((file) => ({ kind: file.kind, fileName: file.file_name, bytes: Number(file.bytes), status: file.status, rows: file.rows, employees: file.employees, error: file.error })),
    }));
  }

  /**
   * Restores every kind as it was before the upload `importId` (so that upload, and any applied
   * after it, are undone) and re-runs the analysis.
   */
  async rollback(importId: number, by: PublicUser) {
    await this.rollbackable(importId); // answered at once, not behind a running import
    return this.serially(async () => {
      await this.rollbackable(importId);
      const undone = await this.repository.appliedSince(importId);
      const restored = new Map<HrKind, number | null>();
      for (const later of undone) for (const file of later.files) restored.set(file.kind, file.previousVersionId); // newest first: the oldest upload's "before" wins
      const kinds = [];
      for (const [kind, versionId] of restored) {
        kinds.push({ kind, versionId, aggregate: versionId === null ? null : await this.withVersion(versionId, (rows) => aggregateOffThread(kind, rows)) });
      }
      await this.repository.restore(kinds, undone.map((u) => u.id), by.id);
      const analysis = await this.reanalyse([]);
      this.logger.info({ importId, undone: undone.map((u) => u.id), kinds: [...restored.keys()] }, 'HR data rolled back');
      return { importId, rolledBack: undone.map((u) => u.id).reverse(), kinds: [...restored.keys()], employees: analysis.employees, flaggedCount: analysis.flaggedCount };
    });
  }

  /**
   * Rebuilds the master table and the flagged list: the kinds just imported from memory,
   * the others from what earlier imports stored.
   */
  private async reanalyse(fresh: KindAggregate[]) {
    return this.publishAnalysis(await this.analyse(fresh));
  }

  /** The analysis of the kinds just imported (from memory) and the others (as stored), on `worker` if given. */
  private async analyse(fresh: KindAggregate[], worker?: AnalysisWorker): Promise<Analysis> {
    const byKind = new Map<HrKind, Array<[string, MasterRow]>>();
    for (const row of await this.repository.allFeatures([...fresh.map((a) => a.kind), DIRECTORY_KIND])) {
      let rows = byKind.get(row.kind);
      if (!rows) byKind.set(row.kind, (rows = []));
      rows.push([row.employeeId, row.features]);
    }
    for (const aggregate of fresh) byKind.set(aggregate.kind, [...aggregate.employees].map(([id, record]) => [id, record.features]));
    // Kinds merged in one fixed order: the same data gives the same master table, byte for byte, however it was reached.
    const byEmployee = new Map<string, MasterRow>();
    for (const kind of HR_KINDS) {
      for (const [employeeId, features] of byKind.get(kind) ?? []) {
        const merged = byEmployee.get(employeeId);
        byEmployee.set(employeeId, merged ? Object.assign(merged, features) : { ...features });
      }
    }
    const started = Date.now();
    const analysis = await (worker ? worker.analyse(byEmployee) : analyseOffThread(byEmployee));
    this.logger.info({ ms: Date.now() - started, employees: analysis.employees.length }, 'HR data analysed');
    return analysis;
  }

  /** `analyse`, to be awaited later: a failure meanwhile is not an unhandled rejection. */
  private analyseMeanwhile(fresh: KindAggregate[], worker: AnalysisWorker): Promise<Analysis> {
    const analysing = this.analyse(fresh, worker);
    analysing.catch(() => {});
    return analysing;
  }

  /** Makes an analysis the current one and tells the listeners (check-ins, notifications). */
  private async publishAnalysis(analysis: Analysis) {
    await this.repository.saveAnalysis(analysis);
    for (const listener of this.importedListeners) await listener().catch((error) => this.logger.error({ err: error }, 'an HR data change listener failed'));
    return { employees: analysis.employees.length, flaggedCount: analysis.flagged.length };
  }

  async status() {
    const latest = await this.repository.latestImports();
    const undone = await this.repository.rolledBackBatches(latest.map((row) => row.batch_id));
    const toStatus = (row: HrImportRow) => ({
      importId: row.id,
      batchId: row.batch_id,
      kind: row.kind,
      status: row.status,
      fileName: row.file_name,
      bytes: Number(row.bytes),
      rows: row.rows,
      employees: row.employees,
      progressPercent: Number(row.progress),
      error: row.error,
      startedAt: new Date(Number(row.started_at)),
      finishedAt: toDate(row.finished_at),
      /** Its upload was rolled back: the kind's data is no longer this file's. */
      undone: undone.has(row.batch_id),
    });
    const analysis = await this.repository.latestAnalysis();
    return {
      kinds: HR_KINDS.map((kind) => {
        const row = latest.find((r) => r.kind === kind);
        return { kind, last: row ? toStatus(row) : null };
      }),
      directory: (() => {
        const row = latest.find((r) => r.kind === DIRECTORY_KIND);
        return row ? toStatus(row) : null;
      })(),
      running: (await this.repository.runningImports()).map(toStatus),
      analysedAt: analysis ? new Date(analysis.createdAt) : null,
    };
  }

  async flagged(reader: PublicUser, limit: number) {
    const rows = await this.repository.flagged(limit);
    await this.audit.record(reader, { action: 'hr_flagged', detail: `${rows.length} employees` });
    return rows.map((row) => ({
      employeeId: row.employeeId,
      rank: row.flagRank!,
      score: row.score!,
      problems: row.problems,
      otherProblems: row.otherProblems,
      concerns: row.concerns,
    }));
  }

  async summary() {
    const analysis = await this.repository.latestAnalysis();
    if (!analysis) return null;
    return { analysedAt: new Date(analysis.createdAt), ...analysis.summary };
  }

  /** Whether the imported HR data knows this employee ID (accounts are linked only to those). */
  async hasEmployee(employeeId: string): Promise<boolean> {
    return (await this.repository.masterRow(employeeId)) !== undefined;
  }

  /** `employee`, read by HR (audited). */
  async readEmployee(reader: PublicUser, employeeId: string) {
    const employee = await this.employee(employeeId);
    if (employee) await this.audit.record(reader, { action: 'hr_employee', subject: { employeeId } });
    return employee;
  }

  /** One employee's master row, verdict, problems and monthly signals; null if HR has no data on them. */
  async employee(employeeId: string) {
    const master = await this.repository.masterRow(employeeId);
    if (!master) return null;
    const recentSignals = (await this.monthlySignals(employeeId)).slice(-6);
    return {
      employeeId,
      row: master.row,
      score: master.score,
      flagged: master.flagged,
      problems: master.problems,
      otherProblems: master.otherProblems,
      concerns: master.concerns,
      recentSignals,
    };
  }

  /** Every month's signals of one employee (activity, leave, rewards, vibe), oldest first; [] if none. */
  async monthlySignals(employeeId: string): Promise<MonthlySignals[]> {
    const months: Record<string, Record<string, number>> = {};
    for (const { periods } of await this.repository.employeeData(employeeId)) {
      for (const [month, values] of Object.entries(periods)) Object.assign((months[month] ??= {}), values);
    }
    return Object.keys(months)
      .sort()
      .map((month) => ({ month, ...months[month]! }));
  }

  /** `monthlySignals`, read by `reader` (audited when it is someone else's). */
  async readMonthlySignals(reader: PublicUser, employeeId: string): Promise<MonthlySignals[]> {
    const months = await this.monthlySignals(employeeId);
    await this.audit.record(reader, { action: 'hr_employee', subject: { employeeId }, detail: 'monthly signals' });
    return months;
  }

  /** Whether the latest analysis flagged this employee for a check-in. */
  async isFlagged(employeeId: string): Promise<boolean> {
    return (await this.repository.masterRow(employeeId))?.flagged === true;
  }

  /**
   * Per employee: flagged or not, mean daily work hours, latest performance rating (1–4) and
   * total reward points; null where HR has no such data. Only those with any HR data are returned.
   * Not audited itself: a caller handing out one person's values must record it.
   */
  async employeeTotals(employeeIds: string[]): Promise<Map<string, EmployeeTotals>> {
    const totals = new Map<string, EmployeeTotals>();
    const numberOrNull = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : null);
    for (const master of await this.repository.masterRowsOf(employeeIds)) {
      totals.set(master.employeeId, {
        flagged: master.flagged,
        averageHours: numberOrNull(master.row.Work_Hours_mean),
        performanceRating: numberOrNull(master.row.Performance_Rating),
        rewardPoints: null,
      });
    }
    for (const { employeeId, periods } of await this.repository.periodsOf('rewards', [...totals.keys()])) {
      totals.get(employeeId)!.rewardPoints = Object.values(periods).reduce((sum, month) => sum + (month.reward_points ?? 0), 0);
    }
    return totals;
  }

  /** `employeeTotals` of many people, read by HR (audited as one read of them all). */
  async readEmployeeTotals(reader: PublicUser, employeeIds: string[]): Promise<Map<string, EmployeeTotals>> {
    const totals = await this.employeeTotals(employeeIds);
    await this.audit.record(reader, { action: 'hr_export', detail: `${totals.size} employees' flags, hours, ratings, reward points` });
    return totals;
  }

  /** The master table, one row per employee with their score and verdict (`Flagged` 1 or 0). */
  exportRows(reader: PublicUser): Promise<MasterRow[]> {
    return this.exportMaster(reader, 'json');
  }

  /** The same rows as a CSV stream (the HTTP download). */
  async exportCsv(reader: PublicUser): Promise<Readable> {
    return masterTableCsv(await this.exportMaster(reader, 'csv'));
  }

  private async exportMaster(reader: PublicUser, format: 'csv' | 'json') {
    const rows = (await this.repository.masterRows()).map((r) => ({ ...r.row, Anomaly_Score: r.score, Flagged: r.flagged ? 1 : 0 }));
    await this.audit.record(reader, { action: 'hr_export', detail: `${rows.length} employees as ${format}` });
    return rows;
  }

  /** Every employee's master row and verdict (for the check-in selection). */
  masterEntries() {
    return this.repository.masterRows();
  }

  /** One kind's monthly signals of every employee (e.g. the company's vibe trend). */
  kindMonthlySignals(kind: HrKind) {
    return this.repository.kindPeriods(kind);
  }

  /** The employee directory (the `employees` kind), by employee ID; empty until one is uploaded. */
  async directory(): Promise<DirectoryEntry[]> {
    return (await this.repository.kindFeatures(DIRECTORY_KIND)).map(({ employeeId, features }) => ({
      employeeId,
      name: text(features.Name) ?? '',
      email: text(features.Email),
      department: text(features.Department) ?? '',
      post: text(features.Post),
      manager: text(features.Manager),
    }));
  }

  /** The directory and its departments, read by HR (audited). */
  async readDirectory(reader: PublicUser) {
    const employees = await this.directory();
    await this.audit.record(reader, { action: 'hr_directory', detail: `${employees.length} employees` });
    return { employees, departments: await this.departments() };
  }

  /** The departments of the directory with their headcounts, by name. */
  async departments(): Promise<Array<{ department: string; employees: number }>> {
    const counts = new Map<string, number>();
    for (const entry of await this.directory()) counts.set(entry.department, (counts.get(entry.department) ?? 0) + 1);
    return [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([department, employees]) => ({ department, employees }));
  }

  /** An employee's department in the directory; null if the directory does not list them. */
  async departmentOf(employeeId: string): Promise<string | null> {
    const entry = (await this.repository.employeeData(employeeId)).find((data) => data.kind === DIRECTORY_KIND);
    return entry ? text(entry.features.Department) : null;
  }
}
