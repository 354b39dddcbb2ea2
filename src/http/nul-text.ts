/**
 * Where a JSON input holds text with the NUL character (U+0000), as a field path
 * ("message", "items.2.name"), or null. PostgreSQL cannot store it in text, and no
 * field of this API needs it: both transports refuse it up front, naming the field.
 */
export function fieldWithNul(value: unknown): string | null {
  const pending: Array<{ value: unknown; path: string }> = [{ value, path: '' }];
  while (pending.length > 0) {
    const { value: current, path } = pending.pop()!;
    if (typeof current === 'string') {
      if (current.includes('\u0000')) return path || 'input';
      continue;
    }
    if (Array.isArray(current)) {
      current.forEach((item, index) => pending.push({ value: item, path: path ? `${path}.${index}` : String(index) }));
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    const prototype = Object.getPrototypeOf(current);
    if (prototype !== Object.prototype && prototype !== null) continue; // FormData, Date, …: not JSON text
    for (const [key, item] of Object.entries(current)) {
      if (key.includes('\u0000')) return path || 'input';
      pending.push({ value: item, path: path ? `${path}.${key}` : key });
    }
  }
  return null;
}

export const NUL_REFUSED = 'must not contain the NUL character (U+0000)';
