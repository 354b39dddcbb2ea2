/**
 * The 20 features the original's detector used, in its order, with the names HR sees.
 *
 * Each feature declares which side of the typical employee is adverse, and says that side in
 * plain words (for the assistant: never a number). Only a deviation to the adverse side that
 * also pushes the employee towards "anomalous" becomes a problem, a concern or a check-in
 * reason; the other side is favourable (or harmless) and never quoted as a worry.
 * - collaboration: withdrawal from colleagues (few messages, emails, meetings) is adverse;
 *   high volumes are read as being busy, which the work-hours features already capture.
 * - workload: long and irregular hours are adverse; short, regular days are not.
 * - time_off: too little annual or casual leave (no rest) is adverse; for sick and unpaid
 *   leave, a lot of it is (health, circumstances), none is not.
 * - onboarding: being new, a poor start (the onboarding factor fades with tenure, so only
 *   recent joiners can sit below the typical value) and poor onboarding feedback are adverse.
 * - recognition, mood, manager: low reward points, low vibe, critical manager feedback.
 */
export const FEATURES = [
  { concern: 'collaboration', column: 'Teams_Messages_Sent_mean', display: 'Average Teams Messages', adverse: 'low', words: 'few messages with colleagues' },
  { concern: 'collaboration', column: 'Teams_Messages_Sent_median', display: 'Median Teams Messages', adverse: 'low', words: 'few messages with colleagues' },
  { concern: 'collaboration', column: 'Emails_Sent_mean', display: 'Average Emails Sent', adverse: 'low', words: 'little email contact' },
  { concern: 'collaboration', column: 'Emails_Sent_median', display: 'Median Emails Sent', adverse: 'low', words: 'little email contact' },
  { concern: 'collaboration', column: 'Meetings_Attended_sum', display: 'Total Meetings Attended', adverse: 'low', words: 'few meetings' },
  { concern: 'collaboration', column: 'Meetings_Attended_mean', display: 'Average Meetings Attended', adverse: 'low', words: 'few meetings' },
  { concern: 'collaboration', column: 'Meetings_Attended_median', display: 'Median Meetings Attended', adverse: 'low', words: 'few meetings' },
  { concern: 'workload', column: 'Work_Hours_mean', display: 'Average Work Hours', adverse: 'high', words: 'long working hours lately' },
  { concern: 'workload', column: 'Work_Hours_median', display: 'Median Work Hours', adverse: 'high', words: 'long working hours lately' },
  { concern: 'workload', column: 'Work_Hours_std', display: 'Work Hours Variability', adverse: 'high', words: 'very irregular working hours' },
  { concern: 'time_off', column: 'Annual Leave_Factor', display: 'Annual Leave Impact Factor', adverse: 'low', words: 'little annual leave taken' },
  { concern: 'time_off', column: 'Casual Leave_Factor', display: 'Casual Leave Impact Factor', adverse: 'low', words: 'little casual leave taken' },
  { concern: 'time_off', column: 'Sick Leave_Factor', display: 'Sick Leave Impact Factor', adverse: 'high', words: 'a lot of sick leave recently' },
  { concern: 'time_off', column: 'Unpaid Leave_Factor', display: 'Unpaid Leave Impact Factor', adverse: 'high', words: 'unpaid leave recently' },
  { concern: 'onboarding', column: 'Days_Since_Joining', display: 'Days Since Joining', adverse: 'low', words: 'being fairly new here' },
  { concern: 'onboarding', column: 'Onboarding_Factor', display: 'Onboarding Experience Factor', adverse: 'low', words: 'a difficult onboarding' },
  { concern: 'recognition', column: 'Total_Decayed_Reward_Points', display: 'Recent Reward Points', adverse: 'low', words: 'no recent recognition for their work' },
  { concern: 'mood', column: 'Decayed_Vibe', display: 'Decayed Vibe Score', adverse: 'low', words: 'low mood in recent vibe check-ins' },
  { concern: 'onboarding', column: 'Onboarding_Feedback_Encoded', display: 'Onboarding Feedback', adverse: 'low', words: 'a poor onboarding experience' },
  { concern: 'manager', column: 'Manager_Feedback_Encoded', display: 'Manager Feedback', adverse: 'low', words: 'critical manager feedback' },
] as const satisfies ReadonlyArray<{ concern: string; column: string; display: string; adverse: 'high' | 'low'; words: string }>;

export type FeatureColumn = (typeof FEATURES)[number]['column'];
/** What a check-in talks about: each feature belongs to one concern. */
export type ConcernKind = (typeof FEATURES)[number]['concern'];
export const CONCERN_KINDS = ['workload', 'time_off', 'recognition', 'mood', 'onboarding', 'manager', 'collaboration'] as const satisfies readonly ConcernKind[];

/** The concern kind a stored concern (a feature's adverse words) is about. */
export function concernKindOf(words: string): ConcernKind | undefined {
  return FEATURES.find((feature) => feature.words === words)?.concern;
}

export const ONBOARDING_FEEDBACK_ENCODING: Record<string, number> = { Poor: 1, Average: 2, Good: 2.5, Excellent: 3 };
export const MANAGER_FEEDBACK_ENCODING: Record<string, number> = { 'Needs Improvement': 2, 'Meets Expectations': 3, 'Exceeds Expectations': 4 };
