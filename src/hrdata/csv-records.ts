/** What both CSV readers hand over: a record's fields (trimmed) and its row as a spreadsheet numbers it (the header is row 1). */
export type OnRecord = (fields: string[], row: number) => void;

/** The file as a whole cannot be read as CSV: the message says why and what to do. */
export class CsvFormatError extends Error {}

/** No HR row comes near this; a longer one is not the CSV it claims to be (and would be held whole in memory). */
export const MAX_RECORD_BYTES = 1 << 20;

export const tooLong = (row: number) => new CsvFormatError(row === 1 ? 'The header line is longer than 1 MiB (is this a CSV file?)' : `Row ${row} is longer than 1 MiB`);

export const notUtf8 = (row: number | null) =>
  new CsvFormatError(
    `this file is not UTF-8: ${row === null ? 'it has' : `row ${row} has`} bytes that are not valid UTF-8 (Latin-1 or Windows-1252?); save it as "CSV UTF-8" and upload it again`,
  );

export const UTF16 = 'this file is UTF-16 encoded; save it as "CSV UTF-8" and upload it again';
