import { CrisisModel } from './crisis-model.js';
import { CLAUSE_BREAK, normalise } from './normalise.js';
import { IDIOMS, VOCABULARY, type CrisisPhrase, type Language, type SafetyCategory } from './vocabulary.js';

export interface RiskSign {
  category: SafetyCategory;
  concern: string;
  weight: number;
  /** The employee's words that showed it. */
  evidence: string;
  /** The language of the phrase that showed it, when a phrase did (a classifier's verdict has none). */
  language?: Language;
}

const anyOf = (phrases: string[]) => (phrases.length ? new RegExp(`(?<![a-z0-9])(?:${phrases.join('|')})(?![a-z0-9])`) : null);

const sourceOf = (phrase: CrisisPhrase) => (typeof phrase === 'string' ? phrase : phrase.naming);

const COMPILED = VOCABULARY.map((entry) => {
  const abroad = Object.entries(entry.abroad ?? {}) as Array<[Language, CrisisPhrase[]]>;
  const phrases = [...entry.crisis, ...abroad.flatMap(([, inLanguage]) => inLanguage)];
  return {
    ...entry,
    crisisPattern: anyOf(phrases.filter((phrase) => typeof phrase === 'string')),
    namingPattern: anyOf(phrases.flatMap((phrase) => (typeof phrase === 'string' ? [] : [phrase.naming]))),
    signPattern: anyOf(entry.signs),
    /** English first: a message that says it in English too is answered in English. */
    languages: [['en', anyOf(entry.crisis.map(sourceOf))] as const, ...abroad.map(([language, inLanguage]) => [language, anyOf(inLanguage.map(sourceOf))] as const)],
  };
});

type Compiled = (typeof COMPILED)[number];

/** What the rules and the model together read in one prepared text. */
interface Reading {
  words: string;
  judged: SafetyCategory | undefined;
  calm: boolean;
}

const read = (words: string): Reading => {
  const { crisis, calm } = crisisModel().read(words);
  return { words, judged: crisis?.category, calm };
};

/** A crisis of this entry's category in the text: a phrase says it, one names it and the model does not read calm, or the model reads it. */
const showsCrisis = (entry: Compiled, { words, judged, calm }: Reading) =>
  entry.crisisPattern?.test(words) || (!calm && entry.namingPattern?.test(words)) || entry.category === judged;

const EVIDENCE_CHARS = 160;

let model: CrisisModel | undefined;
/**
 * The crisis model, loaded once. Not at import: `npm run safety:train` reads `prepare` before
 * there is a model to load. The app loads it as it starts, so that a missing model stops it there.
 */
export const crisisModel = (): CrisisModel => (model ??= CrisisModel.load());

/** The text as the vocabulary reads it: normalised, figures of speech cut out. */
export function prepare(text: string): string {
  let out = normalise(text);
  for (const idiom of IDIOMS) out = out.replace(idiom, ` ${CLAUSE_BREAK} `);
  return out;
}

const signOf = (entry: Compiled, text: string, language?: Language): RiskSign => ({
  category: entry.category,
  concern: entry.concern,
  weight: entry.weight,
  evidence: text.slice(0, EVIDENCE_CHARS),
  ...(language && { language }),
});

/** The language of the crisis phrase in `words` (rules only; read once a phrase is known to match). */
const languageOf = (entry: Compiled, words: string): Language | undefined =>
  entry.languages.find(([, pattern]) => pattern?.test(words))?.[0];

/** The sign of a category, shown by `text` (e.g. as a classifier judged it). */
export function signFor(category: SafetyCategory, text: string): RiskSign {
  return signOf(COMPILED.find((entry) => entry.category === category)!, text);
}

/** Every sign in an employee's words, most serious first; the evidence is the first text that shows it. */
export function findRiskSigns(texts: string[]): RiskSign[] {
  const prepared = texts.map((text) => ({ text, reading: read(prepare(text)) }));
  const found: RiskSign[] = [];
  for (const entry of COMPILED) {
    const hit = prepared.find(({ reading }) => showsCrisis(entry, reading) || entry.signPattern?.test(reading.words));
    if (hit) found.push(signOf(entry, hit.text));
  }
  return found;
}

/**
 * The signs in one message that are raised to HR at once: self-harm, harassment, burnout said
 * outright, as the rules name them or the crisis model reads them; most serious first.
 */
export function findCrisisSigns(text: string): RiskSign[] {
  const reading = read(prepare(text));
  return COMPILED.filter((entry) => showsCrisis(entry, reading)).map((entry) => signOf(entry, text, languageOf(entry, reading.words)));
}
