/** Clause punctuation becomes this token, so that a phrase never matches across sentences. */
export const CLAUSE_BREAK = '.';

const INVISIBLE = /[\u00AD\u200B-\u200D\u2060\uFEFF]/g;
const APOSTROPHES = /[\u2018\u2019\u201A\u201B\u2032\u02BC\u0060\u00B4]/g;
const QUOTES = /[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g;
const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63]/g;
const MARKS = /\p{M}+/gu;

/** Digits and symbols written for letters. */
const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', '$': 's', '!': 'i', '|': 'l' };
/** A word with a digit, symbol or star between two of its letters: "k1ll", "d!e", "3nd1ng", "k*ll" (not "s3" or "4k"). */
const DISGUISED = /[a-z0-9@$!|*]*[a-z][0-9@$!|*]+[a-z][a-z0-9@$!|*]*/g;
/** The words a star hides letters of, or that are spelt out letter by letter ("k*ll", "s**cide"); a starred word that is none of them stays as it is. */
const HIDDEN_WORDS = ['kill', 'killing', 'die', 'dying', 'dead', 'death', 'suicide', 'suicidal', 'myself', 'overdose', 'rape', 'raped', 'harass', 'harassed', 'harassment', 'faggot', 'nigger'];

/** A word spelt out letter by letter: "k i l l", "d.i.e", "k-i-l-l". */
const SPELT_OUT = /(?<![a-z])[a-z](?:[ .\-_*]+[a-z]){2,}(?![a-z])/g;

/** Short words that may be spelt out around a hidden one: "i w a n t t o d i e". */
const SPELT_AROUND = ['i', 'a', 'to', 'me', 'my', 'want', 'self', 'going', 'will'];

/** Known words, longest first: a spelt-out run is read as the longest words it can be. */
const SPELLABLE = [...HIDDEN_WORDS, ...SPELT_AROUND].sort((a, b) => b.length - a.length);

/** The hidden words a spelt-out run is made of ("k i l l m y s e l f" → "kill myself"), or the run as it was. */
function unspell(run: string): string {
  const letters = run.replace(/[^a-z]/g, '');
  // next[i]: the word that starts a reading of letters.slice(i) as known words (none: no reading).
  const next: Array<string | undefined> = new Array(letters.length + 1);
  next[letters.length] = '';
  for (let i = letters.length - 1; i >= 0; i--) {
    next[i] = SPELLABLE.find((word) => letters.startsWith(word, i) && next[i + word.length] !== undefined);
  }
  if (next[0] === undefined) return run;
  const words: string[] = [];
  for (let i = 0; i < letters.length; i += words.at(-1)!.length) words.push(next[i]!);
  return words.some((word) => HIDDEN_WORDS.includes(word)) ? words.join(' ') : run;
}

function undisguise(word: string): string {
  if (Object.hasOwn(WORDS, word)) return word; // "every1", "no1": shorthand read as such
  // A "!" that ends the word is punctuation, not a letter: "d1e!" is "die" and a clause end.
  const body = word.replace(/!+$/, '');
  const bangs = word.slice(body.length);
  const letters = body.replace(/[0-9@$!|]/g, (symbol) => LEET[symbol] ?? symbol);
  if (!letters.includes('*')) return letters + bangs;
  const shape = new RegExp(`^${letters.replace(/\*/g, '[a-z]')}$`);
  return (HIDDEN_WORDS.find((candidate) => shape.test(candidate)) ?? letters) + bangs;
}

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
  '1t': 'it', lfie: 'life', lfe: 'life', idk: 'do not know', dissapear: 'disappear', disapear: 'disappear', dissappear: 'disappear', oding: 'overdosing',
  bullyed: 'bullied', bulied: 'bullied', threatend: 'threatened', threatning: 'threatening',
};

/**
 * Text as the vocabulary matches it: Unicode NFKD, curly quotes and dashes made ASCII,
 * lower case, accents dropped, digits and symbols written for letters read as letters ("k1ll", "k*ll", "k i l l"), contractions spelt out ("don’t", "dont" and "don't" all become "do not"),
 * shorthand and common typos mended, letters repeated for emphasis cut to two
 * ("killl" → "kill"), clause punctuation kept as a "." token and every other character a
 * space, single spaces.
 */
export function normalise(text: string): string {
  // Compatibility forms (full-width letters) and accents off in one decomposition: "lebensmüde",
  // "harcèlement", "não" as "lebensmude", "harcelement", "nao".
  let out = text.normalize('NFKD').replace(MARKS, '').replace(INVISIBLE, '').replace(APOSTROPHES, "'").replace(QUOTES, '"').replace(DASHES, '-').toLowerCase().replace(/ß/g, 'ss').replace(DISGUISED, undisguise).replace(SPELT_OUT, unspell);
  for (const [pattern, replacement] of CONTRACTIONS) out = out.replace(pattern, replacement);
  // "want 2 end it": "2" for "to" only after the verbs it follows, never as a number
  out = out.replace(/\b(want|going|try|trying|ready|planning|decided) 2\b/g, '$1 to');
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
    .map((word) => (Object.hasOwn(WORDS, word) ? WORDS[word]! : word))
    .join(' ');
}
