import fs from 'node:fs';
import { z } from 'zod';
import { CLAUSE_BREAK } from './normalise.js';
import { VOCABULARY, type SafetyCategory } from './vocabulary.js';

const CATEGORIES = VOCABULARY.map((entry) => entry.category) as [SafetyCategory, ...SafetyCategory[]];

const modelSchema = z.object({
  threshold: z.number().gt(0).lt(1),
  /** Messages of fewer words are left to the rules. */
  minWords: z.number().int().min(0),
  /** At least this probability of no crisis, and a phrase that only names the subject is not raised. */
  calmBeyondDoubt: z.number().gt(0).lt(1),
  classes: z.array(z.union([z.literal('none'), z.enum(CATEGORIES)])).min(2),
  intercepts: z.array(z.number()),
  /** Per word or word pair: its IDF, then its weight for each class. */
  features: z.record(z.array(z.number())),
  checks: z.array(z.object({ words: z.string(), probabilities: z.array(z.number()) })),
});

export type CrisisModelData = z.infer<typeof modelSchema>;

export interface CrisisVerdict {
  category: SafetyCategory;
  /** The model's probability that the message is a crisis of any kind. */
  probability: number;
}

/**
 * The local crisis model (`npm run safety:train`): a logistic regression over the words and
 * word pairs of normalised text, TF-IDF weighted as scikit-learn weighs them (sublinear term
 * frequency, L2 norm). It reads crisis in phrasings no rule names; the rules still decide first.
 */
export class CrisisModel {
  private readonly none: number;

  constructor(private readonly data: CrisisModelData) {
    this.none = data.classes.indexOf('none');
  }

  static load(): CrisisModel {
    return new CrisisModel(modelSchema.parse(JSON.parse(fs.readFileSync(new URL('./crisis-model.json', import.meta.url), 'utf8'))));
  }

  /** Each class's probability for a normalised text, in the order of `classes`. */
  probabilities(words: string): number[] {
    return this.score(words.split(' ').filter(Boolean));
  }

  /** The crisis a normalised text shows, when the model is sure enough of one; null otherwise. */
  judge(words: string): CrisisVerdict | null {
    return this.read(words).crisis;
  }

  /**
   * The model's reading of a normalised text: the crisis it shows (when sure enough of one), and
   * whether it is calm beyond doubt. A message of fewer than `minWords` words is the rules' alone.
   */
  read(words: string): { crisis: CrisisVerdict | null; calm: boolean } {
    const tokens = words.split(' ').filter(Boolean);
    if (tokens.filter((token) => token !== CLAUSE_BREAK).length < this.data.minWords) return { crisis: null, calm: false };
    const probabilities = this.score(tokens);
    const probability = 1 - probabilities[this.none]!;
    const calm = probabilities[this.none]! >= this.data.calmBeyondDoubt;
    if (probability < this.data.threshold) return { crisis: null, calm };
    let best = -1;
    for (const [c, p] of probabilities.entries()) if (c !== this.none && (best < 0 || p > probabilities[best]!)) best = c;
    return { crisis: { category: this.data.classes[best] as SafetyCategory, probability }, calm };
  }

  private score(tokens: string[]): number[] {
    const counts = new Map<string, number>();
    const grams = [...tokens, ...tokens.slice(1).map((token, i) => `${tokens[i]} ${token}`)];
    for (const gram of grams) if (Object.hasOwn(this.data.features, gram)) counts.set(gram, (counts.get(gram) ?? 0) + 1);

    const weighted = [...counts].map(([gram, count]) => {
      const row = this.data.features[gram]!;
      return { row, value: (1 + Math.log(count)) * row[0]! };
    });
    const norm = Math.hypot(...weighted.map(({ value }) => value)) || 1;
    const scores = this.data.intercepts.map((intercept, c) => weighted.reduce((sum, { row, value }) => sum + (value / norm) * row[c + 1]!, intercept));
    const top = Math.max(...scores);
    const exps = scores.map((score) => Math.exp(score - top));
    const total = exps.reduce((sum, e) => sum + e, 0);
    return exps.map((e) => e / total);
  }

  get checks(): CrisisModelData['checks'] {
    return this.data.checks;
  }
}
