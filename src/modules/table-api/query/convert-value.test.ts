import { describe, expect, it } from 'vitest';
import { convertValue, parseBoolean, parseNumber, storageKind } from './convert-value.ts';

describe('convertValue', () => {
  it('reads booleans as the platform accepts them', () => {
    expect(['true', 'TRUE', '1', ' true '].map(parseBoolean)).toEqual([1, 1, 1, 1]);
    expect(['false', 'False', '0'].map(parseBoolean)).toEqual([0, 0, 0]);
    expect(['yes', '', '2', 'truee'].map(parseBoolean)).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('reads decimal numbers only', () => {
    expect(['1', '-5', '+2', '01', '1.5', '.5', '2.', '1e3', ' 7 '].map(parseNumber)).toEqual([
      1, -5, 2, 1, 1.5, 0.5, 2, 1000, 7,
    ]);
    expect(['', ' ', 'abc', '0x10', 'Infinity', 'NaN', '1e999', '1,5', '--1', '1 2'].map(parseNumber)).toEqual(
      Array(10).fill(undefined),
    );
  });

  it('converts by column type and keeps text as written', () => {
    expect(convertValue('integer', '3')).toBe(3);
    expect(convertValue('decimal', '3.25')).toBe(3.25);
    expect(convertValue('boolean', 'true')).toBe(1);
    expect(convertValue('integer', 'x')).toBeUndefined();
    for (const type of ['string', 'reference', 'glide_date', 'glide_date_time', 'json', 'glide_list'] as const) {
      expect(convertValue(type, ' Mixed Case ')).toBe(' Mixed Case ');
    }
  });

  it('maps types to how they are stored', () => {
    expect(storageKind('boolean')).toBe('integer');
    expect(storageKind('integer')).toBe('integer');
    expect(storageKind('decimal')).toBe('real');
    expect(storageKind('glide_date')).toBe('text');
  });
});
