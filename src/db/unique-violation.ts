/** A UNIQUE constraint refused the write (PostgreSQL's 23505, or SQLite's message). */
export function isUniqueViolation(error: unknown): boolean {
  const err = error as { code?: string; message?: string };
  return err?.code === '23505' || /UNIQUE constraint failed/.test(err?.message ?? '');
}
