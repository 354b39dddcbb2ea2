import fs from 'node:fs';
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database, HrImportsTable, HrImportStatus, HrMasterTable, HrUploadsTable } from '../db/schema.js';
import type { EmployeeKindRecord, KindAggregate } from './aggregators.js';
import {
  analysisSummarySchema,
  concernsSchema,
  decodeJson,
  decodeNullableJson,
  featuresSchema,
  importErrorSchema,
  periodsSchema,
  problemsSchema,
  uploadChangesSchema,
} from './hrdata-columns.js';
import type { HrKind } from './kinds.js';
import type { Analysis } from './pipeline.js';
import type { KindChanges, RowBatch, UploadMode } from './row-store.js';
import type { VersionFiles } from './version-files.js';

/** One imported file, its JSON error decoded. */
function toImport(row: Selectable<HrImportsTable>) {
  return { ...row, kind: row.kind as HrKind, error: decodeNullableJson(importErrorSchema, row.error) };
}
export type HrImportRow = ReturnType<typeof toImport>;

/** A master table row with its JSON columns decoded. */
function toMasterEntry(row: Selectable<HrMasterTable>) {
  return {
    employeeId: row.employee_id,
    row: decodeJson(featuresSchema, row.row),
    score: row.score,
    flagged: row.flagged === 1,
    flagRank: row.flag_rank,
    problems: decodeNullableJson(problemsSchema, row.problems) ?? [],
    otherProblems: decodeNullableJson(problemsSchema, row.other_problems) ?? [],
    concerns: decodeNullableJson(concernsSchema, row.concerns) ?? [],
  };
}
export type MasterEntry = ReturnType<typeof toMasterEntry>;

function toUpload(row: Selectable<HrUploadsTable>) {
  return { ...row, changes: decodeNullableJson(uploadChangesSchema, row.changes) };
}
export type HrUploadRow = ReturnType<typeof toUpload>;

/** A file's bytes as 1 MiB chunks, for storing in the database. */
async function* fileChunks(file: string): AsyncGenerator<RowBatch> {
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) yield { rows: 0, data: chunk };
}

/** Rows per INSERT: well under both dialects' bound-parameter limits. */
const BATCH = 2000;

/** Inserts `items` as rows, BATCH at a time, each row made (its JSON encoded) only when its batch is inserted. */
async function insertInBatches<T, R>(items: T[], toRow: (item: T) => R, insert: (batch: R[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += BATCH) await insert(items.slice(i, i + BATCH).map(toRow));
}

/** HR data storage: imports, per-employee data by kind, and the latest analysis. */
export class HrDataRepository {
  constructor(
    private readonly db: Kysely<Database>,
    /** Where replace imports' CSV files are kept (the embedded database); null: in the database, as row batches. */
    private readonly files: VersionFiles | null = null,
  ) {}

  async startImport(values: { batchId: string; kind: HrKind; fileName: string; bytes: number; uploadedBy: number | null }): Promise<number> {
    const row = await this.db
      .insertInto('hr_imports')
      .values({
        batch_id: values.batchId,
        kind: values.kind,
        status: 'running',
        file_name: values.fileName,
        bytes: values.bytes,
        rows: null,
        employees: null,
        error: null,
        uploaded_by: values.uploadedBy,
        started_at: Date.now(),
        finished_at: null,
        version_id: null,
        previous_version_id: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async setProgress(id: number, progress: number): Promise<void> {
    await this.db.updateTable('hr_imports').set({ progress }).where('id', '=', id).execute();
  }

  async finishImport(id: number, outcome: { status: HrImportStatus; rows?: number; employees?: number; error?: unknown }): Promise<void> {
    await this.db
      .updateTable('hr_imports')
      .set({
        status: outcome.status,
        rows: outcome.rows ?? null,
        employees: outcome.employees ?? null,
        error: outcome.error === undefined ? null : JSON.stringify(outcome.error),
        progress: 100,
        finished_at: Date.now(),
      })
      .where('id', '=', id)
      .execute();
  }

  /** Imports left running by a process that died: they will never finish. */
  async abandonRunning(): Promise<void> {
    await this.db
      .updateTable('hr_imports')
      .set({ status: 'failed', error: JSON.stringify({ message: 'The server stopped during the import', rowErrors: [], rowErrorCount: 0 }), finished_at: Date.now() })
      .where('status', '=', 'running')
      .execute();
    await this.db.updateTable('hr_uploads').set({ status: 'failed', finished_at: Date.now() }).where('status', '=', 'running').execute();
  }

  /** The newest import of each kind. */
  async latestImports(): Promise<HrImportRow[]> {
    const rows = await this.db
      .selectFrom('hr_imports')
      .selectAll()
      .where('id', 'in', (eb) => eb.selectFrom('hr_imports as newest').select((inner) => inner.fn.max('newest.id').as('id')).groupBy('newest.kind'))
      .orderBy('kind')
      .execute();
    return rows.map(toImport);
  }

  /** Which of these uploads (by batch) were rolled back. */
  async rolledBackBatches(batchIds: string[]): Promise<Set<string>> {
    if (batchIds.length === 0) return new Set();
    const rows = await this.db.selectFrom('hr_uploads').select('batch_id').where('batch_id', 'in', batchIds).where('status', '=', 'rolled_back').execute();
    return new Set(rows.map((row) => row.batch_id));
  }

  async runningImports(): Promise<HrImportRow[]> {
    return (await this.db.selectFrom('hr_imports').selectAll().where('status', '=', 'running').orderBy('id').execute()).map(toImport);
  }

  /** Every employee's stored features, except for the given kinds. */
  async allFeatures(exceptKinds: string[] = []) {
    let query = this.db.selectFrom('hr_employee_data').select(['kind', 'employee_id', 'features']);
    if (exceptKinds.length > 0) query = query.where('kind', 'not in', exceptKinds);
    return (await query.execute()).map((row) => ({ kind: row.kind as HrKind, employeeId: row.employee_id, features: decodeJson(featuresSchema, row.features) }));
  }

  async employeeData(employeeId: string) {
    const rows = await this.db.selectFrom('hr_employee_data').select(['kind', 'features', 'periods']).where('employee_id', '=', employeeId).execute();
    return rows.map((row) => ({ kind: row.kind as HrKind, features: decodeJson(featuresSchema, row.features), periods: decodeJson(periodsSchema, row.periods) }));
  }

  /** One kind's stored features of every employee (e.g. the directory). */
  async kindFeatures(kind: HrKind) {
    const rows = await this.db.selectFrom('hr_employee_data').select(['employee_id', 'features']).where('kind', '=', kind).orderBy('employee_id').execute();
    return rows.map((row) => ({ employeeId: row.employee_id, features: decodeJson(featuresSchema, row.features) }));
  }

  /** One kind's monthly signals of every employee. */
  async kindPeriods(kind: HrKind) {
    const rows = await this.db.selectFrom('hr_employee_data').select('periods').where('kind', '=', kind).execute();
    return rows.map((row) => decodeJson(periodsSchema, row.periods));
  }

  /** Replaces the master table and records the analysis, in one transaction. */
  async saveAnalysis(analysis: Analysis): Promise<void> {
    const flagged = new Map(analysis.flagged.map((f, rank) => [f.employeeId, { ...f, rank: rank + 1 }]));
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('hr_master').execute();
      const toRow = (employee: Analysis['employees'][number]) => {
        const flag = flagged.get(employee.employeeId);
        return {
          employee_id: employee.employeeId,
          row: JSON.stringify(employee.row),
          score: employee.score,
          flagged: flag ? 1 : 0,
          flag_rank: flag?.rank ?? null,
          problems: flag ? JSON.stringify(flag.problems) : null,
          other_problems: flag ? JSON.stringify(flag.otherProblems) : null,
          concerns: flag ? JSON.stringify(flag.concerns) : null,
        };
      };
      await insertInBatches(analysis.employees, toRow, (batch) => trx.insertInto('hr_master').values(batch).execute());
      await trx
        .insertInto('hr_analyses')
        .values({ created_at: Date.now(), employees: analysis.employees.length, flagged: analysis.flagged.length, summary: JSON.stringify(analysis.summary) })
        .execute();
    });
  }

  async latestAnalysis() {
    const row = await this.db.selectFrom('hr_analyses').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirst();
    return row && { createdAt: Number(row.created_at), summary: decodeJson(analysisSummarySchema, row.summary) };
  }

  async flagged(limit: number): Promise<MasterEntry[]> {
    return (await this.db.selectFrom('hr_master').selectAll().where('flagged', '=', 1).orderBy('flag_rank').limit(limit).execute()).map(toMasterEntry);
  }

  async masterRow(employeeId: string): Promise<MasterEntry | undefined> {
    const row = await this.db.selectFrom('hr_master').selectAll().where('employee_id', '=', employeeId).executeTakeFirst();
    return row && toMasterEntry(row);
  }

  /** The master rows of these employees. */
  async masterRowsOf(employeeIds: string[]): Promise<MasterEntry[]> {
    const rows: MasterEntry[] = [];
    for (let i = 0; i < employeeIds.length; i += 500) {
      const batch = employeeIds.slice(i, i + 500);
      rows.push(...(await this.db.selectFrom('hr_master').selectAll().where('employee_id', 'in', batch).execute()).map(toMasterEntry));
    }
    return rows;
  }

  /** One kind's monthly signals of these employees. */
  async periodsOf(kind: HrKind, employeeIds: string[]) {
    const rows: Array<{ employeeId: string; periods: Record<string, Record<string, number>> }> = [];
    for (let i = 0; i < employeeIds.length; i += 500) {
      const batch = employeeIds.slice(i, i + 500);
      const found = await this.db.selectFrom('hr_employee_data').select(['employee_id', 'periods']).where('kind', '=', kind).where('employee_id', 'in', batch).execute();
      rows.push(...found.map((row) => ({ employeeId: row.employee_id, periods: decodeJson(periodsSchema, row.periods) })));
    }
    return rows;
  }

  /** The whole master table, by employee ID. */
  async masterRows(): Promise<MasterEntry[]> {
    return (await this.db.selectFrom('hr_master').selectAll().orderBy('employee_id').execute()).map(toMasterEntry);
  }

  // Uploads, and the versions of each kind's rows they made current.

  async startUpload(values: { batchId: string; mode: UploadMode; uploadedBy: number | null }): Promise<number> {
    const row = await this.db
      .insertInto('hr_uploads')
      .values({ batch_id: values.batchId, mode: values.mode, status: 'running', uploaded_by: values.uploadedBy, started_at: Date.now(), finished_at: null, changes: null, rolled_back_at: null, rolled_back_by: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async finishUpload(id: number, status: 'failed' | 'applied', changes: Record<string, KindChanges> | null = null): Promise<void> {
    await this.db.updateTable('hr_uploads').set({ status, finished_at: Date.now(), changes: changes && JSON.stringify(changes) }).where('id', '=', id).execute();
  }

  /** Every upload, newest first, with its files. */
  async uploads() {
    const uploads = (await this.db.selectFrom('hr_uploads').selectAll().orderBy('id', 'desc').execute()).map(toUpload);
    if (uploads.length === 0) return [];
    const files = (await this.db.selectFrom('hr_imports').selectAll().where('batch_id', 'in', uploads.map((u) => u.batch_id)).orderBy('id').execute()).map(toImport);
    return uploads.map((upload) => ({ ...upload, files: files.filter((f) => f.batch_id === upload.batch_id) }));
  }

  async upload(id: number): Promise<HrUploadRow | undefined> {
    const row = await this.db.selectFrom('hr_uploads').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toUpload(row);
  }

  /** The applied uploads from `id` on, newest first, with the versions their files replaced. */
  async appliedSince(id: number) {
    const uploads = await this.db.selectFrom('hr_uploads').select(['id', 'batch_id']).where('id', '>=', id).where('status', '=', 'applied').orderBy('id', 'desc').execute();
    if (uploads.length === 0) return [];
    const files = await this.db
      .selectFrom('hr_imports')
      .select(['batch_id', 'kind', 'previous_version_id'])
      .where('batch_id', 'in', uploads.map((u) => u.batch_id))
      .where('status', '=', 'imported')
      .execute();
    return uploads.map((upload) => ({ id: upload.id, files: files.filter((f) => f.batch_id === upload.batch_id).map((f) => ({ kind: f.kind as HrKind, previousVersionId: f.previous_version_id })) }));
  }

  /** The version each kind's data is now, or null. */
  async currentVersion(kind: HrKind): Promise<number | null> {
    const row = await this.db.selectFrom('hr_current_versions').select('version_id').where('kind', '=', kind).executeTakeFirst();
    return row?.version_id ?? null;
  }

  /** Whether the kind has aggregates stored before its rows were kept (imports older than the row store). */
  async hasUnversionedData(kind: HrKind): Promise<boolean> {
    if ((await this.currentVersion(kind)) !== null) return false;
    return (await this.db.selectFrom('hr_employee_data').select('employee_id').where('kind', '=', kind).limit(1).executeTakeFirst()) !== undefined;
  }

  async versionFormat(versionId: number): Promise<'csv' | 'rows'> {
    return (await this.db.selectFrom('hr_kind_versions').select('format').where('id', '=', versionId).executeTakeFirstOrThrow()).format;
  }

  /** A version's batches (or CSV chunks), in order, one at a time (a version can be hundreds of MB). */
  async *versionData(versionId: number): AsyncGenerator<RowBatch> {
    const { n } = await this.db.selectFrom('hr_row_batches').select((eb) => eb.fn.countAll<number | string>().as('n')).where('version_id', '=', versionId).executeTakeFirstOrThrow();
    for (let seq = 0; seq < Number(n); seq++) {
      const row = await this.db.selectFrom('hr_row_batches').select(['rows', 'data']).where('version_id', '=', versionId).where('seq', '=', seq).executeTakeFirstOrThrow();
      yield { rows: row.rows, data: new Uint8Array(row.data) };
    }
  }

  /**
   * Stores a new version of a kind's rows (not current until an upload applies it); its id. Batch
   * by batch rather than in one transaction, so a version of hundreds of MB holds nobody up; a
   * version no upload applied is deleted (`deleteVersion`).
   */
  async saveVersion(version: { kind: HrKind; format: 'csv' | 'rows'; rows: number; employees: number }, data: AsyncIterable<RowBatch> | Iterable<RowBatch>): Promise<number> {
    const { id } = await this.db.insertInto('hr_kind_versions').values({ ...version, created_at: Date.now() }).returning('id').executeTakeFirstOrThrow();
    try {
      let seq = 0;
      for await (const batch of data) {
        await this.db.insertInto('hr_row_batches').values({ version_id: id, seq: seq++, rows: batch.rows, data: Buffer.from(batch.data.buffer, batch.data.byteOffset, batch.data.byteLength) }).execute();
      }
      return id;
    } catch (error) {
      await this.deleteVersion(id);
      throw error;
    }
  }

  /** Stores a replace import's CSV file (a staged upload, possibly still being read) as a new version; its id. */
  async saveCsvVersion(kind: HrKind, file: string): Promise<number> {
    const version = { kind, format: 'csv', rows: 0, employees: 0 } as const;
    if (!this.files) return this.saveVersion(version, fileChunks(file));
    const { id } = await this.db.insertInto('hr_kind_versions').values({ ...version, created_at: Date.now() }).returning('id').executeTakeFirstOrThrow();
    try {
      await this.files.adopt(id, file);
      return id;
    } catch (error) {
      await this.deleteVersion(id);
      throw error;
    }
  }

  /** A CSV version kept as a file: its path (null: its chunks are in the database, `versionData`). */
  async versionFile(versionId: number): Promise<string | null> {
    return this.files ? this.files.find(versionId) : null;
  }

  async setVersionCounts(id: number, counts: { rows: number; employees: number }): Promise<void> {
    await this.db.updateTable('hr_kind_versions').set(counts).where('id', '=', id).execute();
  }

  async deleteVersion(id: number): Promise<void> {
    await this.files?.remove(id);
    await this.db.deleteFrom('hr_row_batches').where('version_id', '=', id).execute();
    await this.db.deleteFrom('hr_kind_versions').where('id', '=', id).execute();
  }

  /**
   * Makes the upload's versions current and its kinds' aggregates the given ones, in one transaction
   * (each file's import row records the version it replaced, for a rollback).
   */
  async applyUpload(files: Array<{ importId: number; aggregate: KindAggregate; versionId: number; previousVersionId: number | null }>): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      for (const file of files) {
        await this.setCurrent(trx, file.aggregate.kind, file.versionId);
        await trx.updateTable('hr_imports').set({ version_id: file.versionId, previous_version_id: file.previousVersionId }).where('id', '=', file.importId).execute();
      }
      await this.replaceAggregates(trx, files.map((f) => f.aggregate));
    });
  }

  /** Sets each kind back to an earlier version (null: no data) with its aggregates, and marks the uploads rolled back, in one transaction. */
  async restore(kinds: Array<{ kind: HrKind; versionId: number | null; aggregate: KindAggregate | null }>, uploadIds: number[], by: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      for (const { kind, versionId } of kinds) {
        if (versionId === null) {
          await trx.deleteFrom('hr_current_versions').where('kind', '=', kind).execute();
          await trx.deleteFrom('hr_employee_data').where('kind', '=', kind).execute();
        } else await this.setCurrent(trx, kind, versionId);
      }
      await this.replaceAggregates(trx, kinds.flatMap((k) => (k.aggregate ? [k.aggregate] : [])));
      await trx.updateTable('hr_uploads').set({ status: 'rolled_back', rolled_back_at: Date.now(), rolled_back_by: by }).where('id', 'in', uploadIds).execute();
    });
  }

  private async setCurrent(trx: Transaction<Database>, kind: HrKind, versionId: number): Promise<void> {
    const updated = await trx.updateTable('hr_current_versions').set({ version_id: versionId }).where('kind', '=', kind).executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) await trx.insertInto('hr_current_versions').values({ kind, version_id: versionId }).execute();
  }

  private async replaceAggregates(trx: Transaction<Database>, aggregates: KindAggregate[]): Promise<void> {
    for (const aggregate of aggregates) {
      await trx.deleteFrom('hr_employee_data').where('kind', '=', aggregate.kind).execute();
      const toRow = ([employeeId, record]: [string, EmployeeKindRecord]) => ({
        kind: aggregate.kind,
        employee_id: employeeId,
        features: JSON.stringify(record.features),
        periods: JSON.stringify(record.periods),
      });
      await insertInBatches([...aggregate.employees], toRow, (batch) => trx.insertInto('hr_employee_data').values(batch).execute());
    }
  }
}
