import { randomUUID } from 'node:crypto';
import { AppError, type ImportErrorDetail } from '../errors.js';
import { discardStaged, type StagedFile } from './staged-file.js';
import type { RateLimits } from '../limits/rate-limits.js';
import type { Logger } from '../logger.js';
import type { KindAggregate } from './aggregators.js';
import type { ImportProgress } from './csv-import.js';
import { importFiles } from './parallel-import.js';
import { HR_KINDS, type HrKind } from './kinds.js';
import { masterTableCsv, type MasterRow } from './master-table.js';
import { analyse } from './pipeline.js';
import type { HrDataRepository, HrImportRow } from './hrdata-repository.js';
import type { Problem } from './attribution.js';

const PROGRESS_WRITE_MS = 1000;

const parseJson = <T>(text: string | null): T | null => (text === null ? null : (JSON.parse(text) as T));

/**
 * The HR data pipeline behind every transport: import an upload's files (all or nothing),
 * rebuild the master table, run the detector, and answer HR's questions about the result.
 */
export class HrDataService {
  /** One import at a time per process: each rebuilds the whole analysis. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly repository: HrDataRepository,
    private readonly limits: RateLimits,
    private readonly logger: Logger,
  ) {}

  /** Spends one upload of the caller's hourly allowance (before any byte is staged). */
  admitUpload(userId: number, ip: string): Promise<void> {
    return this.limits.consume('upload', `user:${userId}`, `ip:${ip}`);
  }

  async start(): Promise<void> {
    await this.repository.abandonRunning();
  }

  /** Imports the files of one upload; throws BAD_REQUEST (naming each bad file's kind) and keeps the previous data if any file is bad. */
  import(files: StagedFile[], uploadedBy: number | null) {
    const run = this.queue.then(() => this.importNow(files, uploadedBy));
    this.queue = run.catch(() => {});
    return run;
  }

  private async importNow(files: StagedFile[], uploadedBy: number | null) {
    if (files.length === 0) throw new AppError('BAD_REQUEST', `files: attach at least one CSV, as one of the fields ${HR_KINDS.join(', ')}`);
    const kinds = files.map((f) => f.kind);
    const repeated = kinds.find((kind, i) => kinds.indexOf(kind) !== i);
    if (repeated) throw new AppError('BAD_REQUEST', `${repeated}: one file per kind in an upload`);

    const batchId = randomUUID();
    const started = Date.now();
    const totalBytes = files.reduce((sum, f) => sum + f.bytes, 0) || 1;
    const entries = await Promise.all(
      files.map(async (file) => ({ file, id: await this.repository.startImport({ batchId, kind: file.kind, fileName: file.fileName, bytes: file.bytes, uploadedBy }) })),
    );
    const readBytes = new Map<HrKind, number>();
    let lastWrite = 0;
    const onProgress = (kind: HrKind, bytes: number) => {
      readBytes.set(kind, bytes);
      if (Date.now() - lastWrite < PROGRESS_WRITE_MS) return;
      lastWrite = Date.now();
      // Parsing is ~90% of the work; the rest is storing and analysing.
      const percent = (90 * [...readBytes.values()].reduce((a, b) => a + b, 0)) / totalBytes;
      for (const entry of entries) void this.repository.setProgress(entry.id, Math.min(90, Math.round(percent))).catch(() => {});
    };

    try {
      const results = await importFiles(
        entries.map(({ file }) => ({ kind: file.kind, path: file.path, bytes: file.bytes, onProgress: (p: ImportProgress) => onProgress(file.kind, p.bytesRead) })),
      );
      const failures: ImportErrorDetail[] = [];
      results.forEach((result, i) => {
        if (!result.ok) failures.push({ kind: result.kind, fileName: entries[i]!.file.fileName, ...result.error });
      });
      if (failures.length > 0) {
        for (const { file, id } of entries) {
          const failure = failures.find((f) => f.kind === file.kind);
          await this.repository.finishImport(id, failure ? { status: 'failed', error: failure } : { status: 'discarded', error: { message: 'Not imported: another file of this upload was rejected', rowErrors: [], rowErrorCount: 0 } });
        }
        const message = failures.map((f) => `${f.kind}: ${f.message}`).join('; ');
        throw new AppError('BAD_REQUEST', `${message}. Nothing was imported; the previous data is unchanged.`, { importErrors: failures });
      }

      const aggregates = results.map((r) => (r as { ok: true; aggregate: KindAggregate }).aggregate);
      this.logger.info({ batchId, ms: Date.now() - started }, 'HR files parsed');
      const storing = Date.now();
      await this.repository.replaceKinds(aggregates);
      this.logger.info({ batchId, ms: Date.now() - storing }, 'HR data stored');
      for (const [i, { id }] of entries.entries()) {
        await this.repository.finishImport(id, { status: 'imported', rows: aggregates[i]!.rows, employees: aggregates[i]!.employees.size });
      }
      const analysis = await this.reanalyse(aggregates);
      this.logger.info({ batchId, kinds, ms: Date.now() - started, flagged: analysis.flaggedCount }, 'HR data imported');
      return {
        batchId,
        files: aggregates.map((a, i) => ({ kind: a.kind, fileName: entries[i]!.file.fileName, rows: a.rows, employees: a.employees.size })),
        employees: analysis.employees,
        flaggedCount: analysis.flaggedCount,
      };
    } catch (error) {
      if (!(error instanceof AppError)) {
        for (const { id } of entries) await this.repository.finishImport(id, { status: 'failed', error: { message: 'Internal error during the import', rowErrors: [], rowErrorCount: 0 } }).catch(() => {});
      }
      throw error;
    } finally {
      await discardStaged(files);
    }
  }

  /**
   * Rebuilds the master table and the flagged list: the kinds just imported from memory,
   * the others from what earlier imports stored.
   */
  private async reanalyse(fresh: KindAggregate[]) {
    const byEmployee = new Map<string, MasterRow>();
    const merge = (employeeId: string, features: MasterRow) => {
      const merged = byEmployee.get(employeeId);
      byEmployee.set(employeeId, merged ? Object.assign(merged, features) : { ...features });
    };
    const freshKinds = new Set<string>(fresh.map((a) => a.kind));
    for (const row of await this.repository.allFeatures([...freshKinds])) merge(row.employee_id, JSON.parse(row.features) as MasterRow);
    for (const aggregate of fresh) for (const [employeeId, record] of aggregate.employees) merge(employeeId, record.features);
    const started = Date.now();
    const analysis = analyse(byEmployee);
    this.logger.info({ ms: Date.now() - started, employees: analysis.employees.length }, 'HR data analysed');
    await this.repository.saveAnalysis(analysis);
    return { employees: analysis.employees.length, flaggedCount: analysis.flagged.length };
  }

  async status() {
    const toStatus = (row: HrImportRow) => ({
      importId: row.id,
      batchId: row.batch_id,
      kind: row.kind as HrKind,
      status: row.status,
      fileName: row.file_name,
      bytes: Number(row.bytes),
      rows: row.rows,
      employees: row.employees,
      progressPercent: Number(row.progress),
      error: parseJson<Omit<ImportErrorDetail, 'kind' | 'fileName'>>(row.error),
      startedAt: new Date(Number(row.started_at)),
      finishedAt: row.finished_at === null ? null : new Date(Number(row.finished_at)),
    });
    const latest = await this.repository.latestImports();
    const analysis = await this.repository.latestAnalysis();
    return {
      kinds: HR_KINDS.map((kind) => {
        const row = latest.find((r) => r.kind === kind);
        return { kind, last: row ? toStatus(row) : null };
      }),
      running: (await this.repository.runningImports()).map(toStatus),
      analysedAt: analysis ? new Date(Number(analysis.created_at)) : null,
    };
  }

  async flagged(limit: number) {
    return (await this.repository.flagged(limit)).map((row) => ({
      employeeId: row.employee_id,
      rank: row.flag_rank!,
      score: row.score!,
      problems: parseJson<Problem[]>(row.problems) ?? [],
      otherProblems: parseJson<Problem[]>(row.other_problems) ?? [],
      concerns: parseJson<string[]>(row.concerns) ?? [],
    }));
  }

  async summary() {
    const analysis = await this.repository.latestAnalysis();
    if (!analysis) return null;
    return { analysedAt: new Date(Number(analysis.created_at)), ...(JSON.parse(analysis.summary) as ReturnType<typeof analyse>['summary']) };
  }

  /** One employee's master row, verdict, problems and monthly signals; null if HR has no data on them. */
  async employee(employeeId: string) {
    const master = await this.repository.masterRow(employeeId);
    if (!master) return null;
    const data = await this.repository.employeeData(employeeId);
    const months: Record<string, Record<string, number>> = {};
    for (const { periods } of data) {
      for (const [month, values] of Object.entries(JSON.parse(periods) as Record<string, Record<string, number>>)) Object.assign((months[month] ??= {}), values);
    }
    const recentSignals = Object.keys(months)
      .sort()
      .slice(-6)
      .map((month) => ({ month, ...months[month]! }));
    return {
      employeeId,
      row: JSON.parse(master.row) as MasterRow,
      score: master.score,
      flagged: master.flagged === 1,
      problems: parseJson<Problem[]>(master.problems) ?? [],
      otherProblems: parseJson<Problem[]>(master.other_problems) ?? [],
      concerns: parseJson<string[]>(master.concerns) ?? [],
      recentSignals,
    };
  }

  async exportMaster(format: 'csv' | 'json') {
    const rows = (await this.repository.masterRows()).map((r) => ({ ...(JSON.parse(r.row) as MasterRow), Anomaly_Score: r.score, Flagged: r.flagged }));
    return format === 'csv' ? masterTableCsv(rows) : JSON.stringify(rows);
  }
}
