import { compileExpression, type CompileExpressionResult } from './compile-expression.ts';
import type { PolicyField } from './types.ts';

/**
 * Compile once, evaluate many: a bounded least-recently-used cache of compiled expressions keyed
 * by field and exact text. Failures are cached too, so a broken stored policy is not re-parsed on
 * every run. A Map keeps insertion order, which makes it a compact LRU (re-insert on hit, evict
 * the first key when full).
 */
export class ProgramCache {
  readonly #entries = new Map<string, CompileExpressionResult>();
  readonly #capacity: number;
  #hits = 0;
  #misses = 0;

  constructor(capacity = 500) {
    this.#capacity = Math.max(1, Math.floor(capacity));
  }

  compile(field: PolicyField, text: unknown): CompileExpressionResult {
    // Only text is cached: `undefined` must not share the key of the expression "undefined".
    if (typeof text !== 'string') return compileExpression(field, text);
    // NUL cannot be typed into an expression field by accident and keeps the two fields apart.
    const key = `${field}\u0000${text}`;
    const cached = this.#entries.get(key);
    if (cached) {
      this.#hits++;
      this.#entries.delete(key);
      this.#entries.set(key, cached);
      return cached;
    }
    this.#misses++;
    const result = compileExpression(field, text);
    if (this.#entries.size >= this.#capacity) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    this.#entries.set(key, result);
    return result;
  }

  get size(): number {
    return this.#entries.size;
  }

  get stats(): { hits: number; misses: number; size: number; capacity: number } {
    return { hits: this.#hits, misses: this.#misses, size: this.#entries.size, capacity: this.#capacity };
  }

  clear(): void {
    this.#entries.clear();
  }
}
