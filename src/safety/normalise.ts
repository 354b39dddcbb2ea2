/** Clause punctuation becomes this token, so that a phrase never matches across sentences. */
export const CLAUSE_BREAK = '.';

const INVISIBLE = /[\u00AD\u200B-\u200D\u2060\uFEFF]/g;
const APOSTROPHES = /[\u2018\u2019\u201A\u201B\u2032\u02BC\u0060\u00B4]/g;
const QUOTES = /[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g;
const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63]/g;
const MARKS = /\p{M}+/gu;

/** Irregular negations first; then the regular suffixes. */
const CONTRACTIONS: Array<[RegExp, string]> = [
  [/\bwon't\b/g, 'will not'],
  [/\bcan't\b/g, 'can not'],
  [/\bshan't\b/g, 'shall not'],
  [/\bain't\b/g, 'is not'],
  [/n't\b/g, ' not'],
  [/'re\b/g, ' are'],
  [/'ve\b/g, ' have'],
  [/'ll\b/g, ' will'],
  [/'d\b/g, ' would'],
  [/'m\b/g, ' am'],
  [/\b(it|that|there|here|what|who|where|how|he|she|this|everyone|everybody|someone|somebody|nobody|nothing|everything|life)'s\b/g, '$1 is'],
];

/**
 * Words typed without their apostrophe, chat shorthand and cheap typos, each to the words
 * the vocabulary is written in. Only unambiguous forms: "its", "ill", "id", "wed" stay as they are.
 */
const WORDS: Record<string, string> = {
  dont: 'do not', doesnt: 'does not', didnt: 'did not', cant: 'can not', cannot: 'can not', wont: 'will not',
  wouldnt: 'would not', couldnt: 'could not', shouldnt: 'should not', isnt: 'is not', arent: 'are not',
  wasnt: 'was not', werent: 'were not', havent: 'have not', hasnt: 'has not', hadnt: 'had not', aint: 'is not',
  im: 'i am', ive: 'i have', youre: 'you are', theyre: 'they are', thats: 'that is', theres: 'there is',
  whats: 'what is', everyones: 'everyone is',
  wanna: 'want to', wana: 'want to', wanto: 'want to', gonna: 'going to', gona: 'going to', gotta: 'got to',
  tryna: 'trying to', kinda: 'kind of', sorta: 'sort of', dunno: 'do not know', wnat: 'want', wnt: 'want',
  u: 'you', ur: 'your', r: 'are', ppl: 'people', coz: 'because', cuz: 'because', cos: 'because', bc: 'because',
  rn: 'right now', abt: 'about', noone: 'no one', every1: 'everyone', no1: 'no one', some1: 'someone',
  any1: 'anyone', anymroe: 'anymore', kil: 'kill', kms: 'kill myself', kys: 'kill yourself',
  myslef: 'myself', mysefl: 'myself', mysef: 'myself', myelf: 'myself', mself: 'myself', meself: 'myself',
  bullyed: 'bullied', bulied: 'bullied', threatend: 'threatened', threatning: 'threatening',
};

/**
 * Text as the vocabulary matches it: Unicode NFKD, curly quotes and dashes made ASCII,
 * lower case, accents dropped, contractions spelt out ("don’t", "dont" and "don't" all become "do not"),
 * shorthand and common typos mended, letters repeated for emphasis cut to two
 * ("killl" → "kill"), clause punctuation kept as a "." token and every other character a
 * space, single spaces.
 */
export function normalise(text: string): string {
  // Compatibility forms (full-width letters) and accents off in one decomposition: "lebensmüde",
  // "harcèlement", "não" as "lebensmude", "harcelement", "nao".
  let out = text.normalize('NFKD').replace(MARKS, '').replace(INVISIBLE, '').replace(APOSTROPHES, "'").replace(QUOTES, '"').replace(DASHES, '-').toLowerCase().replace(/ß/g, 'ss');
  for (const [pattern, replacement] of CONTRACTIONS) out = out.replace(pattern, replacement);
  out = out
    .replace(/'/g, '')
    .replace(/([a-z])\1{2,}/g, '$1$1')
    .replace(/\bany more\b/g, 'anymore')
    .replace(/\b(my|your) self\b/g, '$1self')
    .replace(/[.!?;:,]+/g, ` ${CLAUSE_BREAK} `)
    .replace(/[^a-z0-9.]+/g, ' ');
  return out
    .split(' ')
    .filter(Boolean)
    .map((word) => WORDS[word] ?? word)
    .join(' ');
}
