/** Signs in an employee's own words, from most to least serious, with their weight on risk. */
export const RISK_SIGNS = [
  { concern: 'Possible risk of self-harm', weight: 0.9, pattern: /\b(suicid\w*|kill myself|end it all|self[- ]harm|hurt myself|don'?t want to live)\b/i },
  { concern: 'Harassment or mistreatment', weight: 0.7, pattern: /\b(harass\w*|bull(y|ied|ying)|abus\w*|discriminat\w*|threaten\w*|unsafe)\b/i },
  { concern: 'Burnout', weight: 0.55, pattern: /\b(burn(ed|t)? ?out|exhaust\w*|can'?t cope|breaking point|overwhelm\w*)\b/i },
  { concern: 'Thinking of leaving', weight: 0.45, pattern: /\b(quit\w*|resign\w*|leave the company|looking for (a )?(new )?job)\b/i },
  { concern: 'Stress and anxiety', weight: 0.35, pattern: /\b(stress\w*|anxi\w*|tired|can'?t sleep|pressure|worried)\b/i },
  { concern: 'Workload and long hours', weight: 0.3, pattern: /\b(late|overtime|weekends?|workload|too much work|long hours|deadlines?)\b/i },
  { concern: 'Conflict with manager', weight: 0.3, pattern: /\b(manager|boss|supervisor)\b.*\b(ignor\w*|unfair|yell\w*|micromanag\w*|conflict)\b/i },
  { concern: 'Lack of recognition', weight: 0.25, pattern: /\b(unnoticed|unappreciated|no recognition|not recogni[sz]ed|ignored|credit)\b/i },
  { concern: 'Isolation', weight: 0.25, pattern: /\b(lonely|alone|isolat\w*|left out)\b/i },
] as const;

export interface RiskSign {
  concern: string;
  weight: number;
  /** The employee's words that showed it. */
  evidence: string;
}

export function findRiskSigns(texts: string[]): RiskSign[] {
  const found: RiskSign[] = [];
  for (const sign of RISK_SIGNS) {
    const text = texts.find((t) => sign.pattern.test(t));
    if (text) found.push({ concern: sign.concern, weight: sign.weight, evidence: text.slice(0, 160) });
  }
  return found;
}
