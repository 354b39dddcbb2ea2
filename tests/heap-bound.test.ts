import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { growthPercentFor, isFragmented, liveEstimate } from '../src/runtime/heap-bound.js';

const MB = 1024 * 1024;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * Runs a fixture of tests/fixtures with V8's `flags`, its young generation kept small and its
 * memory reducer off (a process slowed by a busy machine looks idle to it), so the figures do
 * not hang on V8's guesses on a busy machine; resolves with what it printed once it finished.
 */
function runFixture(name: string, flags: string[], args: Array<string | number>): Promise<string> {
  const fixture = path.resolve('tests/fixtures', name);
  const child = spawn(process.execPath, [...flags, '--max-semi-space-size=1', '--no-memory-reducer', '--import', 'tsx', fixture, ...args.map(String)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      if (code !== 0 || !/^live \d+$/m.test(out)) return reject(new Error(`${name} failed (${code}): ${out.slice(-500)}`));
      resolve(out);
    });
  });
}

describe('growthPercentFor', () => {
  it("leaves the headroom as a share of the live heap, V8's own choice below it, and never under 10%", () => {
    expect(growthPercentFor(300 * MB, 96 * MB)).toBe(32);
    expect(growthPercentFor(96 * MB, 96 * MB)).toBe(0);
    expect(growthPercentFor(80 * MB, 96 * MB)).toBe(0);
    expect(growthPercentFor(4096 * MB, 96 * MB)).toBe(10);
    expect(growthPercentFor(300 * MB, 0)).toBe(0);
  });
});

describe('boundHeap', () => {
  /**
   * How much the heap grew between full collections (MB) in the fixture, bounded by `headroomMb`
   * (0: not bounded), leaving out the first, whose limit V8 set before the bound could. V8's own
   * growth is pinned at its largest (4 times what is live).
   */
  async function growthBetweenFullCollections(headroomMb: number): Promise<number[]> {
    const out = await runFixture('heap-garbage.ts', ['--trace-gc', '--heap-growing-percent=300'], [headroomMb]);
    const collections = [...out.matchAll(/Mark-Compact (?:\(reduce\) )?([\d.]+) \([\d.]+\) -> ([\d.]+)/g)].map((m) => ({ before: Number(m[1]), after: Number(m[2]) }));
    return collections.slice(2).map((collection, i) => collection.before - collections[i + 1]!.after);
  }

  it('collects once the headroom is used, where V8 would let garbage grow to several times the live heap', async () => {
    const free = await growthBetweenFullCollections(0);
    const bounded = await growthBetweenFullCollections(8);
    expect(median(free)).toBeGreaterThan(120);
    // 8 MB of old-generation garbage, raised to V8's smallest step (16 MB on 64 bits), plus what
    // is allocated while the collector marks; the median, since a busy machine slows marking.
    expect(bounded.length).toBeGreaterThan(10);
    expect(median(bounded)).toBeLessThan(40);
  }, 120_000);
});

describe('liveEstimate', () => {
  it('takes all but the headroom of what is in use as live once that passes the last live heap by twice the headroom', () => {
    expect(liveEstimate(100 * MB, 150 * MB, 96 * MB)).toBe(100 * MB);
    expect(liveEstimate(100 * MB, 292 * MB, 96 * MB)).toBe(100 * MB);
    expect(liveEstimate(100 * MB, 400 * MB, 96 * MB)).toBe(304 * MB);
  });
});

describe('boundHeap, while the live heap grows fast', () => {
  it("sets the next limit from what is in use, where V8's limit would lag one collection behind the live heap", async () => {
    const out = await runFixture('heap-growing-live.ts', ['--trace-gc', '--heap-growing-percent=300'], [64, 'between', 2_500_000]);
    const collections = [...out.matchAll(/Mark-Compact (?:\(reduce\) )?([\d.]+) \([\d.]+\) -> ([\d.]+)/g)].map((m) => ({ before: Number(m[1]), after: Number(m[2]) }));
    const furthestPastLive = Math.max(...collections.map((c) => c.before - c.after));
    // The live heap grows from ≈ 20 to ≈ 300 MB. Set only at full collections (`never`), V8's
    // limit let the heap reach 136–253 MB past what the next one found live in trial runs (over
    // 200 in 8 of 9, four at once on two cores included); looked at every young collection,
    // 86–118 MB (the headroom, 64, and what is allocated while the collector marks).
    expect(furthestPastLive).toBeLessThan(2.25 * 64);
  }, 120_000);
});

describe('isFragmented', () => {
  it('is when the old generation reserves more than the headroom and a quarter past what is live', () => {
    expect(isFragmented({ reservedBytes: 410 * MB, liveBytes: 300 * MB }, 96 * MB)).toBe(false);
    expect(isFragmented({ reservedBytes: 425 * MB, liveBytes: 300 * MB }, 96 * MB)).toBe(true);
    expect(isFragmented({ reservedBytes: 500 * MB, liveBytes: 100 * MB }, 0)).toBe(false);
  });
});

describe('boundHeap, on a heap whose long-lived objects are spread over half-empty pages', () => {
  /** What the old generation reserves (MB) over the second half of the fixture's run, and whether it compacted. */
  async function oldReserved(compactEvery: 'never' | number): Promise<{ reservedMb: number[]; compacted: boolean }> {
    const out = await runFixture('heap-fragments.ts', [], [8, compactEvery]);
    const reservedMb = [...out.matchAll(/^old ([\d.]+)$/gm)].map((m) => Number(m[1]));
    return { reservedMb: reservedMb.slice(reservedMb.length / 2), compacted: /^compacted$/m.test(out) };
  }

  it('compacts them, where V8 alone keeps the pages', async () => {
    const alone = await oldReserved('never');
    const bounded = await oldReserved(0);
    expect(alone.compacted).toBe(false);
    expect(bounded.compacted).toBe(true);
    // ≈ 110 MB live: V8 alone keeps ≈ 250 MB, compacted ≈ 165 MB.
    expect(median(alone.reservedMb)).toBeGreaterThan(200);
    expect(median(bounded.reservedMb)).toBeLessThan(0.8 * median(alone.reservedMb));
  }, 120_000);
});
