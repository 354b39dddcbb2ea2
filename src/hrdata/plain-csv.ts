import { isAscii, isUtf8 } from 'node:buffer';
import { MAX_RECORD_BYTES, notUtf8, tooLong, type OnRecord } from './csv-records.js';

/** A caller's own reading of an ASCII line's bytes [from, to) (line end excluded); false: hand it over as fields instead. */
export type OnAsciiLine = (buffer: Buffer, from: number, to: number, row: number) => boolean;

const NL = 10;
const CR = 13;
const QUOTE = 34;

/**
 * The fast path for the common file: no quote character and no bare CR anywhere. In such a file
 * a record is a line and its fields are the line split at commas, trimmed, which is exactly what
 * csv-parse reads (tests/hrdata-parsing.test.ts checks the two agree), about 8× faster. Rows are
 * the line numbers. At the first quote or bare CR the answer is 'not-plain': the caller drops
 * what it was handed and reads the file again with csv-parse.
 */
export async function readPlainCsv(chunks: AsyncIterable<Buffer>, onRecord: OnRecord, onAsciiLine?: OnAsciiLine): Promise<'done' | 'not-plain'> {
  let carry: Buffer | null = null;
  let row = 0;
  let bomChecked = false;

  /** The lines of buffer[0, end), each ending with LF but the file's last one if `last`. */
  const readLines = (buffer: Buffer, end: number, last = false) => {
    const ascii = isAscii(buffer.subarray(0, end));
    let from = 0;
    while (from < end) {
      let next = buffer.indexOf(NL, from);
      if (next === -1 || next >= end) next = end;
      const to = next > from && buffer[next - 1] === CR ? next - 1 : next;
      row++;
      if (to - from > MAX_RECORD_BYTES) throw tooLong(row);
      if (ascii && onAsciiLine !== undefined && onAsciiLine(buffer, from, to, row)) {
        from = next + 1;
        continue;
      }
      let line: string;
      if (ascii) line = buffer.toString('latin1', from, to);
      else {
        const bytes = buffer.subarray(from, to);
        if (!isUtf8(bytes)) throw notUtf8(row);
        line = bytes.toString('utf8');
      }
      const fields = line.split(',');
      for (let i = 0; i < fields.length; i++) {
        const field = fields[i]!;
        if (field.length > 0 && (needsTrim(field.charCodeAt(0)) || needsTrim(field.charCodeAt(field.length - 1)))) fields[i] = field.trim();
      }
      // As csv-parse: an unterminated last line that trims to nothing is no record.
      if (!(last && next === end && fields.length === 1 && fields[0] === '')) onRecord(fields, row);
      from = next + 1;
    }
  };

  for await (const piece of chunks) {
    let buffer: Buffer = carry ? Buffer.concat([carry, piece]) : piece;
    carry = null;
    if (!bomChecked) {
      if (buffer.length < 3) {
        carry = buffer;
        continue;
      }
      bomChecked = true;
      if (hasUtf8Bom(buffer)) buffer = buffer.subarray(3);
    }
    const end = buffer.lastIndexOf(NL) + 1;
    if (end < buffer.length) carry = buffer.subarray(end);
    if (carry && carry.length > MAX_RECORD_BYTES + 2) throw tooLong(row + 1);
    if (!isPlain(buffer, end)) return 'not-plain';
    readLines(buffer, end);
  }
  if (carry && carry.length > 0) {
    if (!bomChecked && hasUtf8Bom(carry)) carry = carry.subarray(3);
    if (!isPlain(carry, carry.length) || carry[carry.length - 1] === CR) return 'not-plain';
    readLines(carry, carry.length, true);
  }
  return 'done';
}

const hasUtf8Bom = (buffer: Buffer) => buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf;

/** No quote, and every CR is followed by a LF. */
function isPlain(buffer: Buffer, end: number): boolean {
  const quote = buffer.indexOf(QUOTE);
  if (quote !== -1 && quote < end) return false;
  for (let cr = buffer.indexOf(CR); cr !== -1 && cr < end; cr = buffer.indexOf(CR, cr + 2)) {
    if (buffer[cr + 1] !== NL) return false;
  }
  return true;
}

// csv-parse's `trim` removes Unicode white space, the set String.prototype.trim removes.
const needsTrim = (c: number) => c <= 32 || c >= 0xa0;
