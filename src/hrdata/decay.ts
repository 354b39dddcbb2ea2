import type { EpochDay } from './values.js';

/**
 * Σ value·e^(−λ·(reference − day)) where the reference (the newest day in the file) is only
 * known at the end: accumulated as e^(λ·(day − anchor)) around the first day seen, so one
 * pass and O(1) memory suffice, then scaled once the reference is known.
 */
export class DecayedSum {
  private sum = 0;
  constructor(
    private readonly lambda: number,
    private readonly anchor: EpochDay,
  ) {}

  add(value: number, day: EpochDay): void {
    this.sum += value * Math.exp(this.lambda * (day - this.anchor));
  }

  valueAt(reference: EpochDay): number {
    return this.sum * Math.exp(-this.lambda * (reference - this.anchor));
  }
}

export const DECAY_PER_DAY = 0.01;
export const VIBE_DECAY_PER_DAY = 0.005;
