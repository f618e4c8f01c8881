import { describe, expect, it } from 'vitest';
import { progressBar } from './progress-bar.ts';

describe('progress bar', () => {
  it('prints a line when a step starts and at each whole tenth when the output is not a terminal', () => {
    const lines: string[] = [];
    const progress = progressBar((t) => lines.push(t), false, 10);
    for (let done = 1; done <= 100; done++) progress('releases', done, 100);
    expect(lines).toHaveLength(11);
    expect(lines[0]).toMatch(/^releases\s+\[\.{10}\]\s+1\/100\n$/);
    expect(lines[1]).toMatch(/^releases\s+\[#\.{9}\]\s+10\/100\n$/);
    expect(lines.at(-1)).toMatch(/\[#{10}\]\s+100\/100\n$/);
  });

  it('redraws in place on a terminal and ends the finished step with a newline', () => {
    const writes: string[] = [];
    const progress = progressBar((t) => writes.push(t), true, 4);
    progress('catalog', 0, 2);
    progress('catalog', 2, 2);
    progress('bundles', 1, 1);
    expect(writes[0]).toMatch(/^\r/);
    expect(writes[1]).toMatch(/^\rcatalog\s+\[####\]\s+2\/2\n$/);
    expect(writes.at(-1)).toMatch(/^\rbundles .*1\/1\n$/);
    expect(writes.filter((w) => w === '\n')).toHaveLength(0);
  });
});
