import { LIST_VARIABLES, RECORD_VARIABLES, type ListVariable } from './policy-environment.ts';
import { celToJson } from './to-cel-value.ts';
import type { CelMap, JsonValue, PolicyContext } from './types.ts';
import { shapeOfValue, type Shape } from './value-shape.ts';

/**
 * A policy context checked and summarised once, so that the several policies of one phase run
 * share the work: the activation cel-js reads, the shapes the cost estimator starts from, and the
 * input sizes recorded in `execution_output`. Callers must not mutate the records afterwards
 * (the shapes would no longer bound them).
 */
export class PreparedPolicyContext {
  readonly activation: Readonly<Record<string, unknown>>;
  readonly shapes: ReadonlyMap<string, Shape>;
  readonly inputSizes: Readonly<Record<ListVariable, number>>;
  /** JSON copy of `params` for the execution output. */
  readonly params: JsonValue;
  /** Set when the context is malformed (e.g. `tasks` is not a list); evaluation then refuses. */
  readonly problem: string | undefined;

  private constructor(
    activation: Record<string, unknown>,
    shapes: Map<string, Shape>,
    inputSizes: Record<ListVariable, number>,
    params: JsonValue,
    problem: string | undefined,
  ) {
    this.activation = Object.freeze(activation);
    this.shapes = shapes;
    this.inputSizes = Object.freeze(inputSizes);
    this.params = params;
    this.problem = problem;
    Object.freeze(this);
  }

  static from(context: PolicyContext | null | undefined): PreparedPolicyContext {
    const source = (context ?? {}) as Record<string, unknown>;
    const activation: Record<string, unknown> = {};
    const shapes = new Map<string, Shape>();
    const inputSizes = {} as Record<ListVariable, number>;
    const problems: string[] = [];

    for (const name of RECORD_VARIABLES) {
      const value = source[name];
      if (value === undefined || value === null) activation[name] = {};
      else if (isMapLike(value)) activation[name] = value;
      else {
        problems.push(`${name} must be a map`);
        activation[name] = {};
      }
      shapes.set(name, shapeOfValue(activation[name]));
    }
    for (const name of LIST_VARIABLES) {
      const value = source[name];
      if (value === undefined || value === null) activation[name] = [];
      else if (Array.isArray(value)) {
        // Records must be maps: the cost estimator relies on it (has(t.field) cannot fail).
        const bad = (value as unknown[]).findIndex((item) => !isMapLike(item));
        if (bad >= 0) problems.push(`${name}[${bad}] must be a map`);
        activation[name] = bad >= 0 ? [] : value;
      } else {
        problems.push(`${name} must be a list`);
        activation[name] = [];
      }
      inputSizes[name] = (activation[name] as unknown[]).length;
      shapes.set(name, shapeOfValue(activation[name]));
    }
    const base = new PreparedPolicyContext(activation, shapes, inputSizes, null, problems.length ? problems.join('; ') : undefined);
    return base.withParams((source.params ?? null) as CelMap | null);
  }

  /** The same records with other `params` (each mapping has its own config). */
  withParams(params: CelMap | null | undefined): PreparedPolicyContext {
    const activation = { ...this.activation };
    const shapes = new Map(this.shapes);
    let problem = this.problem;
    if (params === undefined || params === null) activation.params = {};
    else if (isMapLike(params)) activation.params = params;
    else {
      problem = [problem, 'params must be a map'].filter(Boolean).join('; ');
      activation.params = {};
    }
    shapes.set('params', shapeOfValue(activation.params));
    return new PreparedPolicyContext(activation, shapes, { ...this.inputSizes }, celToJson(activation.params), problem);
  }
}

function isMapLike(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date) && !(value instanceof Uint8Array);
}
