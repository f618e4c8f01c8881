import { InvalidArgumentError } from 'commander';

/** Commander argument parser for a whole number within bounds. */
export function wholeNumber(min: number, max: number) {
  return (value: string): number => {
    const n = /^\d+$/.test(value.trim()) ? Number(value) : NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) throw new InvalidArgumentError(`Expected a whole number from ${min} to ${max}.`);
    return n;
  };
}

/** Commander collector for a repeatable option (`--role a --role b`). */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
