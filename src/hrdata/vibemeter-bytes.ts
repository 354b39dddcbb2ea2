import { EMOTION_ZONES, type RowOf } from './kinds.js';
import { dateOf, digits, employeeIdOf, indexOfBytes, LineColumns, type RowBytes } from './row-bytes.js';

const DASH = 45;
const ZONE_BYTES = EMOTION_ZONES.map((zone) => Buffer.from(zone, 'latin1'));

/**
 * The vibemeter row read straight from its bytes, as ActivityBytes reads the activity row: only
 * the plain form of each value (ASCII, DD-MM-YYYY, no padding, the zone spelled exactly) is read
 * here; anything else answers null and the row goes the string way (kinds.ts).
 * tests/hrdata-parsing.test.ts checks both ways agree.
 */
export class VibemeterBytes implements RowBytes<'vibemeter'> {
  private readonly line: LineColumns;
  private readonly hasZone: boolean;

  /** `columns`: the positions of Employee_ID, Response_Date, Vibe_Score and Emotion_Zone (−1: no such column). */
  constructor(columns: Int32Array, width: number) {
    this.line = new LineColumns(columns, width);
    this.hasZone = columns[3] !== -1;
  }

  read(buffer: Buffer, from: number, to: number): RowOf<'vibemeter'> | null {
    const line = this.line;
    if (!line.split(buffer, from, to, 3)) return null;
    const day = dateOf(buffer, line.start(1), line.end(1), DASH, false);
    const score = digits(buffer, line.start(2), line.end(2));
    if (day < 0 || score < 1 || score > 5) return null;
    let zone: string | null = null;
    if (this.hasZone && line.end(3) > line.start(3)) {
      const index = indexOfBytes(buffer, line.start(3), line.end(3), ZONE_BYTES);
      if (index === -1) return null;
      zone = EMOTION_ZONES[index]!;
    }
    const employeeId = employeeIdOf(buffer, line.start(0), line.end(0));
    return employeeId === null ? null : { employeeId, day, score, zone };
  }
}
