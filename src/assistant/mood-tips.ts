import { z } from 'zod';
import type { Logger } from '../logger.js';
import type { Assistant } from './assistant.js';

/** How someone feels today, 1 (very low) to 5 (very good); the original frontend sends it as a string. */
export const moodScoreSchema = z.preprocess(
  (value) => (typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value),
  z
    .number({ required_error: 'This field is required.', invalid_type_error: 'must be a number from 1 to 5' })
    .int('must be a whole number from 1 to 5')
    .min(1, 'must be from 1 to 5')
    .max(5, 'must be from 1 to 5'),
);
export type MoodScore = z.infer<typeof moodScoreSchema>;

const MOOD_WORDS: Record<number, string> = { 1: 'very low', 2: 'low', 3: 'neutral', 4: 'good', 5: 'very good' };

/** Tips without a model: a few per mood, in the assistant's voice. */
const OFFLINE_TIPS: Record<number, string[]> = {
  1: [
    'Be gentle with yourself today: pick one small task and let the rest wait.',
    'Step away from the screen for ten minutes and take a slow walk, outside if you can.',
    'Tell someone you trust how you feel; you do not have to carry it alone.',
    'If things feel too heavy, your Employee Assistance Programme is there for you, confidentially.',
  ],
  2: [
    'Write down what is weighing on you; naming it often makes it lighter.',
    'Block a short break in your calendar and protect it.',
    'Ask a colleague or your manager for help with one thing that is piling up.',
    'Finish the day with one thing that went well, however small.',
  ],
  3: [
    'Plan your top three tasks for the day and start with the easiest one.',
    'Take a few minutes away from your desk between meetings.',
    'Reach out to a colleague you have not spoken to in a while.',
  ],
  4: [
    'Use the good energy on a task you have been putting off.',
    'Share a win with your team; recognition lifts everyone.',
    'Keep a regular finishing time so the good days stay good.',
  ],
  5: [
    'Note what made today great so you can do more of it.',
    'Pass it on: thank someone who helped you recently.',
    'Take on something that stretches you while your energy is high.',
  ],
};

/** The assistant's tips for how someone feels today (1 very low … 5 very good); offline tips without a model. */
export class MoodTips {
  constructor(
    private readonly assistant: Assistant,
    private readonly logger: Logger,
    private readonly timeoutMs = 30_000,
  ) {}

  async tips(score: MoodScore): Promise<string[]> {
    const request = `My mood today is ${score} out of 5 (${MOOD_WORDS[score]}). Give me three short, practical tips for my wellbeing at work today, one per line, without an introduction.`;
    try {
      const answer = await this.assistant.answer(
        { turns: [{ role: 'user', content: request }], hrSignals: null, signal: AbortSignal.timeout(this.timeoutMs) },
        () => {},
      );
      const tips = answer.source === 'offline' ? [] : toTips(answer.text);
      return tips.length > 0 ? tips : OFFLINE_TIPS[score]!;
    } catch (error) {
      this.logger.warn({ err: error }, 'mood tips: the assistant did not answer; offline tips');
      return OFFLINE_TIPS[score]!;
    }
  }
}

/** One tip per line, without the list markers models like to add. */
function toTips(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.replace(/^\s*(?:[-*•]|\d+[.)])\s*/, '').replace(/\*\*/g, '').trim())
    .filter((line) => line.length >= 3)
    .slice(0, 5);
}
