import { describe, expect, it } from 'vitest';
import { escapeLike, likePattern } from './like-pattern.ts';

describe('likePattern', () => {
  it('escapes the LIKE wildcards and the escape character itself', () => {
    expect(escapeLike('100%_\\x')).toBe('100\\%\\_\\\\x');
    expect(escapeLike('plain text')).toBe('plain text');
  });

  it('builds contains, starts-with and ends-with patterns', () => {
    expect(likePattern('contains', 'a_b')).toBe('%a\\_b%');
    expect(likePattern('starts', 'a%')).toBe('a\\%%');
    expect(likePattern('ends', '\\')).toBe('%\\\\');
    expect(likePattern('contains', '')).toBe('%%');
  });
});
