import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CliIo } from './io.ts';
import { chooseSecret } from './secret-input.ts';

const io = (input: string | null): CliIo => {
  const stdin = Readable.from(input === null ? [] : [Buffer.from(input)]) as CliIo['stdin'];
  if (input === null) stdin.isTTY = true;
  return { out: () => undefined, err: () => undefined, stdin };
};

describe('chooseSecret', () => {
  it('prefers the option, then the first piped line (spaces kept), then a generated one', async () => {
    expect(await chooseSecret(io('piped\n'), 'given')).toEqual({ value: 'given', generated: false });
    expect(await chooseSecret(io(' two words \r\nsecond line\n'), undefined)).toEqual({ value: ' two words ', generated: false });
    const generated = await chooseSecret(io(null), undefined);
    expect(generated.generated).toBe(true);
    expect(generated.value).toMatch(/^[A-Za-z0-9_-]{16}$/);
  });

  it('generates one when the pipe is empty, and refuses an empty option', async () => {
    expect((await chooseSecret(io(''), undefined)).generated).toBe(true);
    await expect(chooseSecret(io(null), '')).rejects.toThrow('The password must not be empty');
  });
});
