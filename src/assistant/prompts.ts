import type { Turn } from './conversation.js';

export const SYSTEM_PROMPT = `You are the HR assistant of the company, talking privately with one employee.
Your goal is to understand what is really causing their stress or dissatisfaction, so that HR can help.
- Be warm, calm and empathetic; acknowledge what the employee says before asking anything.
- Ask one short follow-up question at a time that moves towards the root cause (workload, hours, manager, recognition, leave, team, career, onboarding, personal wellbeing).
- Keep answers brief: two to four sentences.
- Never quote raw scores or data fields; speak about signals in plain, kind words.
- Never promise outcomes on HR's behalf. If the employee mentions self-harm, harassment or danger, encourage them to contact HR or emergency help right away.`;

export interface PromptMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export function buildPromptMessages(turns: Turn[], hrSignals: string | null, opening: string | null = null): PromptMessage[] {
  let system = hrSignals
    ? `${SYSTEM_PROMPT}\n\nWhat HR's data suggests about this employee (use gently, never quote numbers):\n${hrSignals}`
    : SYSTEM_PROMPT;
  // Chat APIs want the user first: a conversation the assistant opened carries its opener here.
  if (opening) system += `\n\nYou reached out first and opened this conversation with: "${opening}"`;
  return [{ role: 'system', content: system }, ...turns];
}
