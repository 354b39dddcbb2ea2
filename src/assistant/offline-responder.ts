import { findRiskSigns } from '../safety/signs.js';
import type { SafetyCategory } from '../safety/vocabulary.js';
import type { Answer, AnswerRequest, DeltaSink, ReplyProvider } from './conversation.js';

interface Wording {
  acknowledge: string;
  question: string;
}

/** What the responder says to the most serious sign the safety module finds in the message. */
const FOR_SIGN: Record<SafetyCategory, Wording> = {
  self_harm: {
    acknowledge: "I'm really sorry you're feeling this way, and I'm glad you told me. You don't have to go through this alone.",
    question: 'Would you be willing to talk to someone today, such as your Employee Assistance Programme or a person you trust?',
  },
  harassment: {
    acknowledge: "I'm really sorry you're dealing with this. Nobody should feel unsafe or mistreated at work, and HR takes it seriously.",
    question: 'Would you feel comfortable telling me a little more about what happened, and whether it is still going on?',
  },
  burnout: {
    acknowledge: 'That sounds exhausting, and it makes sense that it is weighing on you.',
    question: 'When did you first start feeling this way, and is there one part of your work that drains you the most?',
  },
  leaving: {
    acknowledge: 'It sounds like you have been wondering whether this is still the right place for you.',
    question: 'What would need to change for you to want to stay?',
  },
  stress: {
    acknowledge: 'That sounds exhausting, and it makes sense that it is weighing on you.',
    question: 'When did you first start feeling this way, and is there one part of your work that drains you the most?',
  },
  workload: {
    acknowledge: 'Long hours and a heavy workload wear anyone down over time.',
    question: 'Roughly how many evenings or weekends have you been working lately, and what is driving it?',
  },
  manager_conflict: {
    acknowledge: 'How things go with your manager shapes so much of the day-to-day.',
    question: 'What would you most like to change about how you and your manager work together?',
  },
  recognition: {
    acknowledge: 'Feeling that your effort goes unnoticed is genuinely discouraging.',
    question: 'Is there a recent piece of work you felt deserved more recognition than it got?',
  },
  isolation: {
    acknowledge: 'Feeling on your own at work is hard, and I am glad you said it.',
    question: 'How would you describe your relationship with your team at the moment?',
  },
};

/** Everyday topics, no sign of risk: the first whose keywords match the message wins. */
const TOPICS: Array<Wording & { keywords: RegExp }> = [
  {
    keywords: /\b(manager|boss|lead|supervisor|feedback|review|rating)\b/i,
    acknowledge: 'How things go with your manager shapes so much of the day-to-day.',
    question: 'What would you most like to change about how you and your manager work together?',
  },
  {
    keywords: /\b(leave|vacation|holiday|break|day off|sick)\b/i,
    acknowledge: 'Time to rest matters, and it sounds like you have not had enough of it.',
    question: 'Has something been making it hard to take time off when you need it?',
  },
  {
    keywords: /\b(team|colleague\w*|coworker\w*)\b/i,
    acknowledge: 'The people around us make a big difference to how work feels.',
    question: 'How would you describe your relationship with your team at the moment?',
  },
  {
    keywords: /\b(career|growth|learn\w*|stuck|bored|future|skills?|promot\w*)\b/i,
    acknowledge: 'Wanting to grow and feeling stuck can be really frustrating.',
    question: 'Where would you like to be in a year, and what feels like it is standing in the way?',
  },
  {
    keywords: /\b(good|great|fine|happy|ok(ay)?|well)\b/i,
    acknowledge: "I'm glad to hear that.",
    question: 'Is there anything at work, even something small, that could make your days better?',
  },
];

const DEFAULT_WORDING: Wording = {
  acknowledge: 'Thank you for sharing that with me.',
  question: 'How have you been feeling at work over the last couple of weeks?',
};

/** Splits text into word-sized deltas, keeping the whitespace so they concatenate back exactly. */
export function toDeltas(text: string): string[] {
  return text.match(/\S+\s*/g) ?? [];
}

/**
 * A rule-based, empathetic responder that needs no network: the last resort of the
 * assistant, and the whole assistant when no Mistral key is configured.
 */
export class OfflineResponder implements ReplyProvider {
  readonly name = 'offline';

  compose(request: Pick<AnswerRequest, 'turns' | 'hrSignals' | 'followUps' | 'opening'>): string {
    const lastUser = [...request.turns].reverse().find((turn) => turn.role === 'user')?.content ?? '';
    const sign = findRiskSigns([lastUser])[0];
    const theme = sign ? FOR_SIGN[sign.category] : (TOPICS.find((topic) => topic.keywords.test(lastUser)) ?? DEFAULT_WORDING);
    const userTurns = request.turns.filter((turn) => turn.role === 'user').length;
    // A conversation the assistant opened (a check-in) was greeted already.
    const opener = userTurns <= 1 && request.turns.length <= 1 && !request.opening ? "Hi, I'm the HR assistant. " : '';
    // Nothing specific in their words: ask what HR's question bank suggests for their concerns.
    const followUps = request.followUps ?? [];
    const question = theme === DEFAULT_WORDING && followUps.length > 0 ? followUps[(userTurns - 1) % followUps.length]! : theme.question;
    return `${opener}${theme.acknowledge} ${question}`;
  }

  async answer(request: AnswerRequest, onDelta: DeltaSink): Promise<Answer> {
    const text = this.compose(request);
    for (const delta of toDeltas(text)) {
      if (request.signal.aborted) throw request.signal.reason;
      await onDelta(delta);
    }
    return { text, source: 'offline' };
  }
}
