import { parse, type CsvError } from 'csv-parse';
import { CsvFormatError, MAX_RECORD_BYTES, notUtf8, tooLong, type OnRecord } from './csv-records.js';

const REPLACEMENT = '\ufffd';

/**
 * Reads any CSV with csv-parse: quoted fields with commas, quotes and line breaks, BOM, CRLF
 * or CR line ends. Rows are csv-parse's own record count (blank lines are records too, so it
 * matches a spreadsheet's numbering; a multi-line record is one row). The first structural
 * error (a broken quote, a record over 1 MiB) stops the reading with a CsvFormatError naming its row.
 */
export async function readCsvExactly(chunks: AsyncIterable<Buffer>, onRecord: OnRecord): Promise<void> {
  // csv-parse decodes bytes that are not UTF-8 to U+FFFD: a streaming strict decoder tells
  // whether the file has any, and then the first record holding U+FFFD is the row to name.
  const strict = new TextDecoder('utf-8', { fatal: true });
  let invalidUtf8 = false;
  let failure: Error | null = null;
  const parser = parse({
    bom: true,
    trim: true,
    relax_column_count: true, // short and long rows are reported as such, with their row
    skip_empty_lines: false, // a blank line is a row of the spreadsheet
    max_record_size: MAX_RECORD_BYTES,
    on_record: (record: string[], context) => {
      if (invalidUtf8 && record.some((field) => field.includes(REPLACEMENT))) throw notUtf8(context.records);
      onRecord(record, context.records);
      return null; // taken here: nothing is queued downstream
    },
  });
  parser.on('error', (error) => (failure ??= error));
  parser.resume();
  for await (const chunk of chunks) {
    if (!invalidUtf8) {
      try {
        strict.decode(chunk, { stream: true });
      } catch {
        invalidUtf8 = true;
      }
    }
    parser.write(chunk); // parsed synchronously: on_record has seen every complete record of it
    if (failure) break;
  }
  if (!failure) {
    if (!invalidUtf8) {
      try {
        strict.decode();
      } catch {
        invalidUtf8 = true;
      }
    }
    await new Promise<void>((resolve) => {
      parser.once('end', resolve);
      parser.once('error', () => resolve());
      parser.end();
    });
  }
  if (failure) throw asFormatError(failure, parser.info.records + 1);
  if (invalidUtf8) throw notUtf8(null);
}

function asFormatError(error: Error, row: number): Error {
  if (error instanceof CsvFormatError) return error;
  const code = (error as CsvError).code;
  if (code === undefined) return error; // not csv-parse's: a record handler's own failure
  if (code === 'CSV_MAX_RECORD_SIZE') return tooLong(row);
  return new CsvFormatError(`Row ${row} is not valid CSV (${error.message})`);
}
