import type { EpochDay } from './values.js';

/**
 * Σ value·e^(−λ·(reference − day)) where the reference (the newest day in the file) is only
 * known at the end: accumulated as e^(λ·(day − anchor)) around an anchor day, so one pass
 * and O(1) memory suffice, then scaled once the reference is known.
 */
export interface DecayedSum {
  lambda: number;
  anchor: EpochDay;
  sum: number;
}

export const decayedSum = (lambda: number, anchor: EpochDay): DecayedSum => ({ lambda, anchor, sum: 0 });

export function addDecayed(target: DecayedSum, value: number, day: EpochDay): void {
  target.sum += value * Math.exp(target.lambda * (day - target.anchor));
}

export function decayedValueAt(target: DecayedSum, reference: EpochDay): number {
  return target.sum * Math.exp(-target.lambda * (reference - target.anchor));
}

export const DECAY_PER_DAY = 0.01;
export const VIBE_DECAY_PER_DAY = 0.005;
