import { z } from 'zod';
import * as v from './values.js';

/** The six metric kinds of the original system: they feed the master table and the detector. */
export const HR_KINDS = ['activity_tracker', 'leave', 'onboarding', 'performance', 'rewards', 'vibemeter'] as const;
/** The optional employee directory (names, departments, managers): never part of the analysis. */
export const DIRECTORY_KIND = 'employees';
export const UPLOAD_KINDS = [...HR_KINDS, DIRECTORY_KIND] as const;
export const hrKindSchema = z.enum(UPLOAD_KINDS);
export type HrKind = z.infer<typeof hrKindSchema>;

export const LEAVE_TYPES = ['Sick Leave', 'Casual Leave', 'Annual Leave', 'Unpaid Leave'] as const;
export const ONBOARDING_FEEDBACK = ['Poor', 'Average', 'Good', 'Excellent'] as const;
export const MANAGER_FEEDBACK = ['Needs Improvement', 'Meets Expectations', 'Exceeds Expectations'] as const;
export const EMOTION_ZONES = ['Frustrated Zone', 'Sad Zone', 'Okay Zone', 'Happy Zone', 'Excited Zone'] as const;
const REVIEW_RANK = { H1: 1, H2: 2, Annual: 3 } as const;
const REVIEW_PERIOD = /^(H1|H2|Annual) (\d{4})$/;

/**
 * Field values of one CSV row, looked up by column name through the header's positions.
 * The reader remembers the column last asked for: a ValueError is that column's.
 */
export type Fields = (column: string) => string;

interface KindDefinition<Row> {
  fileName: string;
  /** Exact header names, in any order; other columns are ignored. */
  columns: readonly string[];
  optionalColumns: readonly string[];
  parse(field: Fields): Row;
}

const activity: KindDefinition<{ employeeId: string; day: number; teams: number; emails: number; meetings: number; hours: number }> = {
  fileName: 'activity_tracker_dataset.csv',
  columns: ['Employee_ID', 'Date', 'Teams_Messages_Sent', 'Emails_Sent', 'Meetings_Attended', 'Work_Hours'],
  optionalColumns: [],
  parse: (f) => ({
    employeeId: v.employeeId(f('Employee_ID')),
    day: v.dateMDY(f('Date')),
    teams: v.count(f('Teams_Messages_Sent')),
    emails: v.count(f('Emails_Sent')),
    meetings: v.count(f('Meetings_Attended')),
    hours: v.decimal(f('Work_Hours'), 24),
  }),
};

const leave: KindDefinition<{ employeeId: string; type: (typeof LEAVE_TYPES)[number]; days: number; startDay: number; endDay: number }> = {
  fileName: 'leave_dataset.csv',
  columns: ['Employee_ID', 'Leave_Type', 'Leave_Days', 'Leave_Start_Date', 'Leave_End_Date'],
  optionalColumns: [],
  parse: (f) => {
    const row = {
      employeeId: v.employeeId(f('Employee_ID')),
      type: v.oneOf(f('Leave_Type'), LEAVE_TYPES),
      days: v.count(f('Leave_Days'), 366),
      startDay: v.dateMDY(f('Leave_Start_Date')),
      endDay: v.dateMDY(f('Leave_End_Date')),
    };
    if (row.endDay < row.startDay) throw new v.ValueError('is before Leave_Start_Date');
    return row;
  },
};

const onboarding: KindDefinition<{ employeeId: string; joinDay: number; feedback: (typeof ONBOARDING_FEEDBACK)[number]; mentor: boolean; training: boolean }> = {
  fileName: 'onboarding_dataset.csv',
  columns: ['Employee_ID', 'Joining_Date', 'Onboarding_Feedback', 'Mentor_Assigned', 'Initial_Training_Completed'],
  optionalColumns: [],
  parse: (f) => ({
    employeeId: v.employeeId(f('Employee_ID')),
    joinDay: v.dateISO(f('Joining_Date')),
    feedback: v.oneOf(f('Onboarding_Feedback'), ONBOARDING_FEEDBACK),
    mentor: v.bool(f('Mentor_Assigned')),
    training: v.bool(f('Initial_Training_Completed')),
  }),
};

const performance: KindDefinition<{ employeeId: string; year: number; rank: number; rating: number; feedback: (typeof MANAGER_FEEDBACK)[number]; promotion: boolean }> = {
  fileName: 'performance_dataset.csv',
  columns: ['Employee_ID', 'Review_Period', 'Performance_Rating', 'Manager_Feedback', 'Promotion_Consideration'],
  optionalColumns: [],
  parse: (f) => {
    const m = REVIEW_PERIOD.exec(f('Review_Period'));
    if (!m) throw new v.ValueError(`expected "H1 YYYY", "H2 YYYY" or "Annual YYYY", got "${f('Review_Period')}"`);
    const period = { rank: REVIEW_RANK[m[1] as keyof typeof REVIEW_RANK], year: Number(m[2]) };
    return {
      employeeId: v.employeeId(f('Employee_ID')),
      ...period,
      rating: v.scale(f('Performance_Rating'), 1, 4),
      feedback: v.oneOf(f('Manager_Feedback'), MANAGER_FEEDBACK),
      promotion: v.bool(f('Promotion_Consideration')),
    };
  },
};

const rewards: KindDefinition<{ employeeId: string; awardType: string; day: number; points: number }> = {
  fileName: 'rewards_dataset.csv',
  columns: ['Employee_ID', 'Award_Type', 'Award_Date', 'Reward_Points'],
  optionalColumns: [],
  parse: (f) => ({
    employeeId: v.employeeId(f('Employee_ID')),
    awardType: v.label(f('Award_Type')),
    day: v.dateISO(f('Award_Date')),
    points: v.count(f('Reward_Points')),
  }),
};

const vibemeter: KindDefinition<{ employeeId: string; day: number; score: number; zone: string | null }> = {
  fileName: 'vibemeter_dataset.csv',
  columns: ['Employee_ID', 'Response_Date', 'Vibe_Score'],
  optionalColumns: ['Emotion_Zone'],
  parse: (f) => ({
    employeeId: v.employeeId(f('Employee_ID')),
    day: v.dateDMY(f('Response_Date')),
    score: v.scale(f('Vibe_Score'), 1, 5),
    zone: (f('Emotion_Zone') === '' ? null : v.oneOf(f('Emotion_Zone'), EMOTION_ZONES)),
  }),
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const text = (raw: string, max = 200) => {
  if (raw.length > max) throw new v.ValueError(`must be at most ${max} characters`);
  if (raw.includes('\u0000')) throw new v.ValueError('must not contain the NUL character (U+0000)');
  return raw;
};
const required = (raw: string) => {
  if (raw === '') throw new v.ValueError('must not be empty');
  return text(raw);
};

const employees: KindDefinition<{ employeeId: string; name: string; email: string | null; department: string; post: string | null; manager: string | null }> = {
  fileName: 'employees_dataset.csv',
  columns: ['Employee_ID', 'Name', 'Department'],
  optionalColumns: ['Email', 'Post', 'Manager'],
  parse: (f) => {
    const email = f('Email');
    if (email !== '' && !EMAIL.test(email)) throw new v.ValueError(`expected an e-mail address, got "${email}"`);
    const post = text(f('Post'));
    const manager = f('Manager') === '' ? null : v.employeeId(f('Manager'));
    return {
      employeeId: v.employeeId(f('Employee_ID')),
      name: required(f('Name')),
      email: email === '' ? null : text(f('Email'), 254),
      department: required(f('Department')),
      post: post === '' ? null : post,
      manager,
    };
  },
};

export const KINDS = { activity_tracker: activity, leave, onboarding, performance, rewards, vibemeter, employees } as const;
export type RowOf<K extends HrKind> = ReturnType<(typeof KINDS)[K]['parse']>;

/** The kind an upload field names: the kind itself, or the `<kind>_file` names of the original README. */
export function kindOfField(field: string): HrKind | null {
  const name = field.endsWith('_file') ? field.slice(0, -'_file'.length) : field;
  const parsed = hrKindSchema.safeParse(name);
  return parsed.success ? parsed.data : null;
}
