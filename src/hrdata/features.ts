/**
 * The 20 features the original's detector used, in its order, with the names HR sees and
 * what a high or low value means in plain words (for the assistant: never a number).
 */
export const FEATURES = [
  { concern: 'collaboration', column: 'Teams_Messages_Sent_mean', display: 'Average Teams Messages', high: 'a lot of messaging', low: 'few messages with colleagues' },
  { concern: 'collaboration', column: 'Teams_Messages_Sent_median', display: 'Median Teams Messages', high: 'a lot of messaging', low: 'few messages with colleagues' },
  { concern: 'collaboration', column: 'Emails_Sent_mean', display: 'Average Emails Sent', high: 'a heavy email load', low: 'little email contact' },
  { concern: 'collaboration', column: 'Emails_Sent_median', display: 'Median Emails Sent', high: 'a heavy email load', low: 'little email contact' },
  { concern: 'collaboration', column: 'Meetings_Attended_sum', display: 'Total Meetings Attended', high: 'many meetings', low: 'few meetings' },
  { concern: 'collaboration', column: 'Meetings_Attended_mean', display: 'Average Meetings Attended', high: 'many meetings', low: 'few meetings' },
  { concern: 'collaboration', column: 'Meetings_Attended_median', display: 'Median Meetings Attended', high: 'many meetings', low: 'few meetings' },
  { concern: 'workload', column: 'Work_Hours_mean', display: 'Average Work Hours', high: 'long working hours lately', low: 'shorter working days than usual' },
  { concern: 'workload', column: 'Work_Hours_median', display: 'Median Work Hours', high: 'long working hours lately', low: 'shorter working days than usual' },
  { concern: 'workload', column: 'Work_Hours_std', display: 'Work Hours Variability', high: 'very irregular working hours', low: 'very regular hours' },
  { concern: 'time_off', column: 'Annual Leave_Factor', display: 'Annual Leave Impact Factor', high: 'a lot of annual leave recently', low: 'little annual leave taken' },
  { concern: 'time_off', column: 'Casual Leave_Factor', display: 'Casual Leave Impact Factor', high: 'frequent casual leave', low: 'little casual leave taken' },
  { concern: 'time_off', column: 'Sick Leave_Factor', display: 'Sick Leave Impact Factor', high: 'a lot of sick leave recently', low: 'hardly any sick leave' },
  { concern: 'time_off', column: 'Unpaid Leave_Factor', display: 'Unpaid Leave Impact Factor', high: 'unpaid leave recently', low: 'no unpaid leave' },
  { concern: 'onboarding', column: 'Days_Since_Joining', display: 'Days Since Joining', high: 'a long time with the company', low: 'being fairly new here' },
  { concern: 'onboarding', column: 'Onboarding_Factor', display: 'Onboarding Experience Factor', high: 'a good start with the company', low: 'a difficult onboarding' },
  { concern: 'recognition', column: 'Total_Decayed_Reward_Points', display: 'Recent Reward Points', high: 'recent recognition', low: 'no recent recognition for their work' },
  { concern: 'mood', column: 'Decayed_Vibe', display: 'Decayed Vibe Score', high: 'good recent vibe check-ins', low: 'low mood in recent vibe check-ins' },
  { concern: 'onboarding', column: 'Onboarding_Feedback_Encoded', display: 'Onboarding Feedback', high: 'a positive onboarding', low: 'a poor onboarding experience' },
  { concern: 'manager', column: 'Manager_Feedback_Encoded', display: 'Manager Feedback', high: 'strong manager feedback', low: 'critical manager feedback' },
] as const;

export type FeatureColumn = (typeof FEATURES)[number]['column'];
/** What a check-in talks about: each feature belongs to one concern. */
export type ConcernKind = (typeof FEATURES)[number]['concern'];
export const CONCERN_KINDS = ['workload', 'time_off', 'recognition', 'mood', 'onboarding', 'manager', 'collaboration'] as const satisfies readonly ConcernKind[];

export const ONBOARDING_FEEDBACK_ENCODING: Record<string, number> = { Poor: 1, Average: 2, Good: 2.5, Excellent: 3 };
export const MANAGER_FEEDBACK_ENCODING: Record<string, number> = { 'Needs Improvement': 2, 'Meets Expectations': 3, 'Exceeds Expectations': 4 };
