import type { SourcePosition } from './types.ts';

/**
 * Turns a 0-based character offset (what cel-js reports as `error.range.start`) into the 1-based
 * line and column an editor shows. Columns count UTF-16 code units, like cel-js's own excerpt.
 */
export function positionAt(text: string, offset: number): SourcePosition {
  const clamped = Math.max(0, Math.min(Math.trunc(offset), text.length));
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < clamped; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: clamped - lineStart + 1, offset: clamped };
}
