import { SYSTEM_COLUMNS } from './system-columns.ts';
import type { Catalog, ColumnMeta, TableDef, TableMeta } from './types.ts';

export class UnknownTableError extends Error {
  constructor(readonly table: string) {
    super(`Unknown table ${table}`);
  }
}

/**
 * Resolves table definitions into the runtime catalog: inheritance, the physical root of each
 * hierarchy and the class names each table lists. Throws on definitions that cannot be stored
 * (a cycle, an unknown parent, one column name with two types in one hierarchy).
 */
export function buildCatalog(defs: readonly TableDef[]): Catalog {
  const byName = new Map(defs.map((d) => [d.name, d]));
  const rootOf = (name: string, seen = new Set<string>()): string => {
    const def = byName.get(name);
    if (!def) throw new UnknownTableError(name);
    if (seen.has(name)) throw new Error(`Table inheritance cycle at ${name}`);
    seen.add(name);
    return def.super_class ? rootOf(def.super_class, seen) : name;
  };
  const chainOf = (name: string): TableDef[] => {
    const chain: TableDef[] = [];
    for (let def = byName.get(name); def; def = def.super_class ? byName.get(def.super_class) : undefined) {
      chain.unshift(def);
    }
    return chain;
  };
  const children = new Map<string, string[]>();
  for (const d of defs) {
    if (d.super_class) children.set(d.super_class, [...(children.get(d.super_class) ?? []), d.name]);
  }
  const descendants = (name: string): string[] =>
    (children.get(name) ?? []).flatMap((c) => [c, ...descendants(c)]);

  const tables = new Map<string, TableMeta>();
  const physicalTypes = new Map<string, string>();
  for (const def of defs) {
    const root = rootOf(def.name);
    const columns = new Map<string, ColumnMeta>();
    for (const c of SYSTEM_COLUMNS) columns.set(c.element, { ...c, table: root });
    let displayField = 'name';
    let numberPrefix: string | undefined;
    for (const link of chainOf(def.name)) {
      for (const c of link.columns) columns.set(c.element, { ...c, table: link.name });
      if (link.display_field) displayField = link.display_field;
      if (link.number_prefix) numberPrefix = link.number_prefix;
    }
    for (const c of def.columns) {
      const key = `${root}.${c.element}`;
      const previous = physicalTypes.get(key);
      if (previous && previous !== c.internal_type) {
        throw new Error(`Column ${c.element} has two types in the ${root} hierarchy`);
      }
      physicalTypes.set(key, c.internal_type);
    }
    tables.set(def.name, {
      name: def.name,
      label: def.label,
      super_class: def.super_class,
      root,
      classNames: [def.name, ...descendants(def.name)],
      columns,
      displayField,
      numberPrefix,
    });
  }

  return {
    get: (name) => tables.get(name),
    require: (name) => {
      const t = tables.get(name);
      if (!t) throw new UnknownTableError(name);
      return t;
    },
    all: () => [...tables.values()],
  };
}

/** All columns stored in a root's physical table: the union over its hierarchy. */
export function physicalColumns(catalog: Catalog, root: string): ColumnMeta[] {
  const out = new Map<string, ColumnMeta>();
  for (const t of catalog.all()) {
    if (t.root !== root) continue;
    for (const c of t.columns.values()) if (!out.has(c.element)) out.set(c.element, c);
  }
  return [...out.values()];
}
