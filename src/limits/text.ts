import { AppError } from '../errors.js';

/** Configurable text limits, checked in the services so every transport gets the same answer. */
export function assertMaxChars(field: string, text: string, max: number): void {
  // Characters as people count them: an emoji is one, not its two UTF-16 units.
  if (text.length <= max) return;
  const characters = codePoints(text);
  if (characters > max) throw new AppError('BAD_REQUEST', `${field}: must be at most ${max} characters (got ${characters})`);
}

function codePoints(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    // A high surrogate followed by a low one is one character.
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    count++;
  }
  return count;
}
