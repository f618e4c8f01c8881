import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type Expression,
  type SqlBool,
} from 'kysely';
import type { CompiledQuery as KyselyCompiledQuery } from 'kysely';
import type { CompiledQuery } from '../compile-query.ts';

/** Kysely instances that only compile (no database), to inspect the SQL of each dialect. */
export const COMPILERS = {
  sqlite: new Kysely<any>({
    dialect: {
      createAdapter: () => new SqliteAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new SqliteIntrospector(db),
      createQueryCompiler: () => new SqliteQueryCompiler(),
    },
  }),
  postgres: new Kysely<any>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new PostgresIntrospector(db),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  }),
};

export function selectSql(
  dialect: keyof typeof COMPILERS,
  root: string,
  compiled: CompiledQuery | Expression<SqlBool>,
): KyselyCompiledQuery {
  const where = 'where' in compiled ? compiled.where : compiled;
  let q = COMPILERS[dialect].selectFrom(`${root} as t`).select('t.sys_id').where(where);
  if ('orderBy' in compiled) for (const o of compiled.orderBy) q = q.orderBy(o.expression, o.modifiers);
  return q.compile();
}
