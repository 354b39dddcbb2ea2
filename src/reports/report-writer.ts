import { promises as fs } from 'node:fs';
import path from 'node:path';
import { employeeIdSchema } from '../users/user.js';
import type { ReportFile } from './report-schema.js';

/** `EMP0108`, or `user-<id>` when the stored employee id is missing or unsafe for a path. */
export function reportStem(employeeId: string | null, userId: number): string {
  return employeeId && employeeIdSchema.safeParse(employeeId).success ? employeeId : `user-${userId}`;
}

/** The original's timestamp format: YYYYmmdd_HHMMSS (UTC). */
export function timestamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace('T', '_').slice(0, 15);
}

/**
 * Writes `<stem>_summary_<YYYYmmdd_HHMMSS>.json` atomically (temp file, then a hard
 * link that fails rather than overwrite). Rewriting the same session is a no-op, so a
 * retried job never leaves two files; another session at the same second gets `_2`.
 */
export async function writeReportFile(dir: string, stem: string, report: ReportFile): Promise<string> {
  if (!/^[A-Za-z0-9_-]+$/.test(stem)) throw new Error(`unsafe report file stem: ${JSON.stringify(stem)}`);
  await fs.mkdir(dir, { recursive: true });
  const base = `${stem}_summary_${timestamp(new Date(report.report_date))}`;
  const temp = path.join(dir, `.${base}.${process.pid}.${Date.now()}.tmp`);
  const handle = await fs.open(temp, 'w');
  try {
    await handle.writeFile(JSON.stringify(report, null, 2));
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    for (let n = 1; ; n++) {
      const name = `${base}${n === 1 ? '' : `_${n}`}.json`;
      try {
        await fs.link(temp, path.join(dir, name));
        return name;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const existing = JSON.parse(await fs.readFile(path.join(dir, name), 'utf8')) as ReportFile;
        if (existing.session_id === report.session_id) return name;
      }
    }
  } finally {
    await fs.unlink(temp).catch(() => {});
  }
}
