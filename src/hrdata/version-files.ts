import fs from 'node:fs';
import path from 'node:path';

/**
 * The CSV files of replace imports, kept beside the embedded database ($DATA_DIR/hrdata-versions/<id>.csv)
 * instead of inside it: a staged upload becomes a version by a hard link, where copying a
 * Vibemeter-scale upload (438 MB) into SQLite took ~14 s of the main thread while the files were
 * being parsed. With PostgreSQL there is none: every instance must read every version, so they stay in the database.
 */
export class VersionFiles {
  constructor(private readonly dir: string) {}

  pathOf(versionId: number): string {
    return path.join(this.dir, `${versionId}.csv`);
  }

  /** Keeps `file` (a staged upload, still being read) as the version's data. */
  async adopt(versionId: number, file: string): Promise<void> {
    await fs.promises.mkdir(this.dir, { recursive: true });
    const target = this.pathOf(versionId);
    await fs.promises.link(file, target).catch(async (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EXDEV' && error.code !== 'EPERM') throw error;
      await fs.promises.copyFile(file, target); // another file system, or one without hard links
    });
  }

  /** The version's file, or null if this version was stored in the database (before files were kept here). */
  async find(versionId: number): Promise<string | null> {
    const file = this.pathOf(versionId);
    return (await fs.promises.access(file).then(() => true, () => false)) ? file : null;
  }

  async remove(versionId: number): Promise<void> {
    await fs.promises.rm(this.pathOf(versionId), { force: true });
  }
}
