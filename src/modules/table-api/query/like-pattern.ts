/** The escape character named in every `LIKE … ESCAPE '\'` clause dpr writes. */
export const LIKE_ESCAPE = '\\';

/** Escapes `%`, `_` and `\` so the text matches literally inside a LIKE pattern. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => LIKE_ESCAPE + ch);
}

export type LikeKind = 'contains' | 'starts' | 'ends';

/** The LIKE pattern for `LIKE` / `NOT LIKE` (contains), `STARTSWITH`, `ENDSWITH`. */
export function likePattern(kind: LikeKind, value: string): string {
  const v = escapeLike(value);
  if (kind === 'starts') return `${v}%`;
  if (kind === 'ends') return `%${v}`;
  return `%${v}%`;
}
