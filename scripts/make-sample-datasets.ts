// Writes the six HR CSVs of a small synthetic company, in the original system's schema, to
// datasets/sample/ (or the directory given). Deterministic: the same seed gives the same files.
//   npm run datasets -- [out-dir] [employees=200] [days=120] [seed=7]
// About 5% of employees drift towards distress: long hours, low vibe, little leave, no awards.
import fs from 'node:fs';
import path from 'node:path';
import { seededRandom } from '../src/hrdata/random.js';

const [outArg, employeesArg, daysArg, seedArg] = process.argv.slice(2);
const out = path.resolve(outArg ?? 'datasets/sample');
const N = Number(employeesArg ?? 200);
const DAYS = Number(daysArg ?? 120);
const random = seededRandom(Number(seedArg ?? 7));
const int = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const uniform = (low: number, high: number) => low + random() * (high - low);

const start = Date.UTC(2024, 0, 1);
const day = (offset: number) => new Date(start + offset * 86_400_000);
const mdy = (d: Date) => `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()}`;
const dmy = (d: Date) => `${String(d.getUTCDate()).padStart(2, '0')}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${d.getUTCFullYear()}`;
const iso = (d: Date) => d.toISOString().slice(0, 10);

const ids = Array.from({ length: N }, (_, i) => `EMP${String(i + 1).padStart(4, '0')}`);
const stressed = new Set<string>();
while (stressed.size < Math.max(1, Math.round(N / 20))) stressed.add(pick(ids));

fs.mkdirSync(out, { recursive: true });
function write(name: string, header: string[], rows: Iterable<Array<string | number>>) {
  const lines = [header.join(',')];
  for (const row of rows) lines.push(row.join(','));
  fs.writeFileSync(path.join(out, name), `${lines.join('\n')}\n`);
}

write('activity_tracker_dataset.csv', ['Employee_ID', 'Date', 'Teams_Messages_Sent', 'Emails_Sent', 'Meetings_Attended', 'Work_Hours'], (function* () {
  for (let d = 0; d < DAYS; d++) {
    const date = day(d);
    if (date.getUTCDay() === 0 || date.getUTCDay() === 6) continue;
    for (const id of ids) {
      const s = stressed.has(id);
      yield [id, mdy(date), int(0, 49), int(0, 29), int(0, 9), (s ? uniform(9, 12) : uniform(4, 9.5)).toFixed(2)];
    }
  }
})());

const ZONES = ['Frustrated Zone', 'Sad Zone', 'Okay Zone', 'Happy Zone', 'Excited Zone'];
write('vibemeter_dataset.csv', ['Employee_ID', 'Response_Date', 'Vibe_Score', 'Emotion_Zone'], (function* () {
  for (let d = 0; d < DAYS; d += 2) {
    for (const id of ids) {
      if (random() < 0.3) continue;
      const score = stressed.has(id) ? pick([1, 1, 2, 2, 3]) : pick([2, 3, 3, 4, 4, 5]);
      yield [id, dmy(day(d)), score, ZONES[score - 1]!];
    }
  }
})());

const LEAVE = ['Sick Leave', 'Casual Leave', 'Annual Leave', 'Unpaid Leave'];
write('leave_dataset.csv', ['Employee_ID', 'Leave_Type', 'Leave_Days', 'Leave_Start_Date', 'Leave_End_Date'], (function* () {
  for (const id of ids) {
    for (let k = stressed.has(id) ? int(0, 1) : int(0, 6); k > 0; k--) {
      const from = int(0, DAYS - 15);
      const days = int(1, 14);
      yield [id, pick(LEAVE), days, mdy(day(from)), mdy(day(from + days))];
    }
  }
})());

write('onboarding_dataset.csv', ['Employee_ID', 'Joining_Date', 'Onboarding_Feedback', 'Mentor_Assigned', 'Initial_Training_Completed'], (function* () {
  for (const id of ids) {
    yield [id, iso(day(-int(0, 2000))), pick(['Poor', 'Average', 'Good', 'Excellent']), pick(['True', 'False']), pick(['True', 'False'])];
  }
})());

const FEEDBACK: Record<number, string> = { 1: 'Needs Improvement', 2: 'Needs Improvement', 3: 'Meets Expectations', 4: 'Exceeds Expectations' };
write('performance_dataset.csv', ['Employee_ID', 'Review_Period', 'Performance_Rating', 'Manager_Feedback', 'Promotion_Consideration'], (function* () {
  for (const id of ids) {
    for (const period of ['H1 2024', 'H2 2024', 'Annual 2024']) {
      const rating = stressed.has(id) ? int(1, 3) : int(1, 4);
      yield [id, period, rating, FEEDBACK[rating]!, rating === 4 && random() < 0.5 ? 'TRUE' : 'FALSE'];
    }
  }
})());

const AWARDS = ['Best Team Player', 'Leadership Excellence', 'Star Performer', 'Innovation Award'];
write('rewards_dataset.csv', ['Employee_ID', 'Award_Type', 'Award_Date', 'Reward_Points'], (function* () {
  for (const id of ids) {
    for (let k = stressed.has(id) ? 0 : int(0, 3); k > 0; k--) yield [id, pick(AWARDS), iso(day(int(0, DAYS - 1))), int(10, 498)];
  }
})());

fs.writeFileSync(path.join(out, 'stressed.txt'), `${[...stressed].sort().join('\n')}\n`);
console.log(`wrote six files for ${N} employees over ${DAYS} days to ${path.relative(process.cwd(), out) || '.'} (${stressed.size} drifting towards distress: stressed.txt)`);
