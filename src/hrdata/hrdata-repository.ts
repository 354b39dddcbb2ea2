import type { Kysely, Selectable } from 'kysely';
import type { Database, HrImportsTable, HrImportStatus } from '../db/schema.js';
import type { KindAggregate } from './aggregators.js';
import type { HrKind } from './kinds.js';
import type { Analysis } from './pipeline.js';

export type HrImportRow = Selectable<HrImportsTable>;

/** Rows per INSERT: well under both dialects' bound-parameter limits. */
const BATCH = 2000;

async function insertInBatches<T>(items: T[], insert: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += BATCH) await insert(items.slice(i, i + BATCH));
}

/** HR data storage: imports, per-employee data by kind, and the latest analysis. */
export class HrDataRepository {
  constructor(private readonly db: Kysely<Database>) {}

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
  }

  /** The newest import of each kind. */
  async latestImports(): Promise<HrImportRow[]> {
    return this.db
      .selectFrom('hr_imports')
      .selectAll()
      .where('id', 'in', (eb) => eb.selectFrom('hr_imports as newest').select((inner) => inner.fn.max('newest.id').as('id')).groupBy('newest.kind'))
      .orderBy('kind')
      .execute();
  }

  async runningImports(): Promise<HrImportRow[]> {
    return this.db.selectFrom('hr_imports').selectAll().where('status', '=', 'running').orderBy('id').execute();
  }

  /** Replaces each given kind's data with its new aggregate, all in one transaction. */
  async replaceKinds(aggregates: KindAggregate[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      for (const aggregate of aggregates) {
        await trx.deleteFrom('hr_employee_data').where('kind', '=', aggregate.kind).execute();
        const rows = [...aggregate.employees].map(([employeeId, record]) => ({
          kind: aggregate.kind,
          employee_id: employeeId,
          features: JSON.stringify(record.features),
          periods: JSON.stringify(record.periods),
        }));
        await insertInBatches(rows, (batch) => trx.insertInto('hr_employee_data').values(batch).execute());
      }
    });
  }

  /** Every employee's stored features, except for the given kinds. */
  async allFeatures(exceptKinds: string[] = []): Promise<Array<{ kind: string; employee_id: string; features: string }>> {
    let query = this.db.selectFrom('hr_employee_data').select(['kind', 'employee_id', 'features']);
    if (exceptKinds.length > 0) query = query.where('kind', 'not in', exceptKinds);
    return query.execute();
  }

  async employeeData(employeeId: string): Promise<Array<{ kind: string; features: string; periods: string }>> {
    return this.db.selectFrom('hr_employee_data').select(['kind', 'features', 'periods']).where('employee_id', '=', employeeId).execute();
  }

  /** Replaces the master table and records the analysis, in one transaction. */
  async saveAnalysis(analysis: Analysis): Promise<void> {
    const flagged = new Map(analysis.flagged.map((f, rank) => [f.employeeId, { ...f, rank: rank + 1 }]));
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('hr_master').execute();
      const rows = analysis.employees.map((employee) => {
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
      });
      await insertInBatches(rows, (batch) => trx.insertInto('hr_master').values(batch).execute());
      await trx
        .insertInto('hr_analyses')
        .values({ created_at: Date.now(), employees: analysis.employees.length, flagged: analysis.flagged.length, summary: JSON.stringify(analysis.summary) })
        .execute();
    });
  }

  async latestAnalysis() {
    return this.db.selectFrom('hr_analyses').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirst();
  }

  async flagged(limit: number) {
    return this.db.selectFrom('hr_master').selectAll().where('flagged', '=', 1).orderBy('flag_rank').limit(limit).execute();
  }

  async masterRow(employeeId: string) {
    return this.db.selectFrom('hr_master').selectAll().where('employee_id', '=', employeeId).executeTakeFirst();
  }

  async masterRows() {
    return this.db.selectFrom('hr_master').select(['employee_id', 'row', 'score', 'flagged']).orderBy('employee_id').execute();
  }
}
