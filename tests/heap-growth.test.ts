import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { growthPercentFor } from '../src/runtime/heap-growth.js';

const MB = 1024 * 1024;

describe('growthPercentFor', () => {
  it("leaves the headroom as a share of the live heap, V8's own choice below it, and never under 10%", () => {
    expect(growthPercentFor(300 * MB, 96 * MB)).toBe(32);
    expect(growthPercentFor(96 * MB, 96 * MB)).toBe(0);
    expect(growthPercentFor(80 * MB, 96 * MB)).toBe(0);
    expect(growthPercentFor(4096 * MB, 96 * MB)).toBe(10);
    expect(growthPercentFor(300 * MB, 0)).toBe(0);
  });
});

describe('boundHeapGrowth', () => {
  /**
   * How much the heap grew between full collections (MB) in the fixture, bounded by `headroomMb`
   * (0: not bounded), leaving out the first, whose limit V8 set before the bound could. V8's own
   * growth is pinned at its largest (4 times what is live), its memory reducer is off (a process
   * slowed by a busy machine looks idle to it) and the young generation is kept small, so the
   * figures do not hang on V8's guesses on a busy machine.
   */
  function growthBetweenFullCollections(headroomMb: number): Promise<number[]> {
    const flags = ['--trace-gc', '--heap-growing-percent=300', '--no-memory-reducer', '--max-semi-space-size=1'];
    const child = spawn(process.execPath, [...flags, '--import', 'tsx', path.resolve('tests/fixtures/heap-garbage.ts'), String(headroomMb)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    return new Promise((resolve, reject) => {
      child.once('exit', (code) => {
        if (code !== 0 || !/^live \d+$/m.test(out)) return reject(new Error(`fixture failed (${code}): ${out.slice(-500)}`));
        const collections = [...out.matchAll(/Mark-Compact (?:\(reduce\) )?([\d.]+) \([\d.]+\) -> ([\d.]+)/g)].map((m) => ({ before: Number(m[1]), after: Number(m[2]) }));
        resolve(collections.slice(2).map((collection, i) => collection.before - collections[i + 1]!.after));
      });
    });
  }

  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

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
