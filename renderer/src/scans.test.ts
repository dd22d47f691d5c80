import { describe, expect, it } from 'vitest';
import { limitedThumbnail } from './scans.js';

describe('limitedThumbnail', () => {
  it('draws at most two at a time, so the page keeps connections for its other calls; one no longer wanted is never drawn', async () => {
    let running = 0;
    let most = 0;
    const drawn: number[] = [];
    const finish: (() => void)[] = [];
    const draw = (n: number) => () =>
      new Promise<number>((resolve) => {
        running++;
        most = Math.max(most, running);
        finish.push(() => {
          running--;
          drawn.push(n);
          resolve(n);
        });
      });
    const wanted = [true, true, true, false, true];
    const results = wanted.map((keep, n) => limitedThumbnail(draw(n), () => keep));
    for (let i = 0; i < 20 && drawn.length < 4; i++) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      finish.shift()?.();
    }
    expect(await Promise.all(results)).toEqual([0, 1, 2, null, 4]);
    expect(most).toBe(2);
    expect(drawn.sort()).toEqual([0, 1, 2, 4]);
  });
});
