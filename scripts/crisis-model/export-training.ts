/**
 * The labelled messages the crisis model learns from, as the model reads them (normalised,
 * figures of speech cut out), one JSON object a line: `npm run safety:train` pipes them to
 * train.py. The held-out set (tests/fixtures/safety/held-out.json) is never among them.
 */
import fs from 'node:fs';
import { prepare } from '../../src/safety/signs.js';

const TRAINING = ['corpus.json', 'adversarial.json', 'blind-rounds.json', 'everyday.json'];

for (const file of TRAINING) {
  const entries = JSON.parse(fs.readFileSync(`tests/fixtures/safety/${file}`, 'utf8')) as Array<{ text: string; label: string; category: string }>;
  for (const { text, label, category } of entries) {
    process.stdout.write(`${JSON.stringify({ text, words: prepare(text), label: label === 'crisis' ? category : 'none' })}\n`);
  }
}
