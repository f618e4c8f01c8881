import { describe, expect, it } from 'vitest';
import { compileEncodedQuery } from './compile-query.ts';
import { compilePlainFilters } from './compile-plain-filters.ts';
import { parseEncodedQuery } from './parse-encoded-query.ts';
import { selectSql } from './testing/compile-to-sql.ts';
import { queryTestCatalog } from './testing/query-test-catalog.ts';

const catalog = queryTestCatalog();
const incident = catalog.require('incident');
const users = catalog.require('sys_user');

const sqlOf = (query: string, table = incident, dialect: 'sqlite' | 'postgres' = 'sqlite') =>
  selectSql(dialect, table.root, compileEncodedQuery(parseEncodedQuery(query), table, catalog));
/** Just the WHERE … part of the SQL. */
const whereOf = (query: string, table = incident) => sqlOf(query, table).sql.replace(/^.*? where /, '');

describe('compileEncodedQuery: SQL shape', () => {
  it('binds every value as a parameter', () => {
    const { sql, parameters } = sqlOf("short_description=x' OR '1'='1");
    expect(sql).toBe('select "t"."sys_id" from "task" as "t" where "t"."short_description" = ?');
    expect(parameters).toEqual(["x' OR '1'='1"]);
  });

  it('uses numbered parameters on PostgreSQL', () => {
    expect(sqlOf('priorityIN1,2', incident, 'postgres').sql).toContain(
      '"t"."priority" in (cast($1 as bigint), cast($2 as bigint))',
    );
  });

  it('quotes identifiers from the catalog, SQL keywords included', () => {
    expect(whereOf('order>5')).toBe('"t"."order" > cast(? as bigint)');
  });

  it('writes no filter for an empty query', () => {
    expect(whereOf('')).toBe('1 = 1');
  });

  it('binds booleans as 1/0, never as JS booleans', () => {
    expect(sqlOf('active=true').parameters).toEqual([1]);
    expect(sqlOf('active=0').parameters).toEqual([0]);
    expect(sqlOf('active=yes').sql).toContain('1 = 0');
  });

  it('writes case-insensitive LIKE with escaped wildcards and an explicit escape character', () => {
    const { sql, parameters } = sqlOf('short_descriptionLIKE100%_\\');
    expect(sql).toContain(`lower("t"."short_description") like lower(?) escape '\\'`);
    expect(parameters).toEqual(['%100\\%\\_\\\\%']);
    expect(sqlOf('short_descriptionSTARTSWITHab').parameters).toEqual(['ab%']);
    expect(sqlOf('short_descriptionENDSWITHab').parameters).toEqual(['%ab']);
  });

  it('includes empty values in !=, NOT IN and NOT LIKE, as the platform does', () => {
    expect(whereOf('priority!=1')).toBe('("t"."priority" <> cast(? as bigint) or "t"."priority" is null)');
    expect(whereOf('priorityNOT IN1')).toBe('("t"."priority" not in (cast(? as bigint)) or "t"."priority" is null)');
    expect(whereOf('short_descriptionNOT LIKEx')).toContain('or "t"."short_description" is null');
  });

  it('compiles empty values and empty lists', () => {
    expect(whereOf('priority=')).toBe('"t"."priority" is null');
    expect(whereOf('priorityISEMPTY')).toBe('"t"."priority" is null');
    expect(whereOf('priority!=')).toBe('"t"."priority" is not null');
    expect(whereOf('priorityIN')).toBe('1 = 0');
    expect(whereOf('priorityIN,')).toBe('1 = 0');
    expect(whereOf('priorityNOT IN')).toBe('1 = 1');
  });

  it('makes a value that is not a number match nothing on a number column', () => {
    for (const q of ['priority=abc', 'priority!=abc', 'priority<abc', 'cost>=1e999', 'priority=0x10']) {
      expect(whereOf(q)).toBe('1 = 0');
    }
    expect(sqlOf('priorityIN1,abc,1,01').parameters).toEqual([1]);
  });

  it('rounds a fractional bound on an integer column', () => {
    expect(sqlOf('priority<2.5').sql).toContain('"t"."priority" <= cast(? as bigint)');
    expect(sqlOf('priority<2.5').parameters).toEqual([2]);
    expect(sqlOf('priority>2.5').parameters).toEqual([3]);
    expect(whereOf('priority=2.5')).toBe('1 = 0');
    expect(whereOf('priority!=2.5')).toBe('1 = 1');
    expect(sqlOf('cost<2.5').parameters).toEqual([2.5]);
  });

  it('compares dates as text', () => {
    const { sql, parameters } = sqlOf('due>=2024-01-31');
    expect(sql).toContain('"t"."due" >= ?');
    expect(parameters).toEqual(['2024-01-31']);
  });

  it('compiles a dot-walk to an IN subquery on the target root, with its class filter', () => {
    expect(whereOf('caller_id.name=Bob')).toBe(
      '"t"."caller_id" in (select "r"."sys_id" from "sys_user" as "r" where "r"."name" = ?)',
    );
    expect(whereOf('problem_id.short_descriptionLIKEx')).toBe(
      '"t"."problem_id" in (select "r"."sys_id" from "task" as "r" where lower("r"."short_description") like lower(?) escape \'\\\' and "r"."sys_class_name" in (?))',
    );
  });

  it('lets a dot-walked condition that holds for empty values match an empty reference (LEFT JOIN)', () => {
    expect(whereOf('caller_id.nameISEMPTY')).toBe(
      '("t"."caller_id" is null or "t"."caller_id" in (select "r"."sys_id" from "sys_user" as "r" where "r"."name" is null))',
    );
  });
});

describe('compileEncodedQuery: unknown fields', () => {
  it.each([
    ['bogus=1'],
    ['caller_id.bogus=1'],
    ['short_description.name=1'],
    ['caller_id.manager.name=1'],
    ['Priority=1'],
    ['prioritySAMEASbogus'],
  ])('drops %s', (query) => {
    expect(whereOf(query)).toBe('1 = 1');
  });

  it('drops unknown conditions ANDed with known ones', () => {
    expect(whereOf('priority=1^bogus=2')).toBe('"t"."priority" = cast(? as bigint)');
  });

  it('makes an unknown condition inside an ^OR clause match nothing', () => {
    expect(whereOf('priority=1^ORbogus=2')).toBe('"t"."priority" = cast(? as bigint)');
    expect(whereOf('bogus=1^ORbogus=2')).toBe('1 = 0');
    expect(whereOf('active=1^bogus=1^ORbogus=2')).toBe('("t"."active" = cast(? as bigint) and 1 = 0)');
  });

  it('makes an ^NQ group of unknown conditions match nothing', () => {
    expect(whereOf('priority=1^NQbogus=2')).toBe('"t"."priority" = cast(? as bigint)');
    expect(whereOf('bogus=1^NQbogus=2')).toBe('1 = 0');
  });

  it('does not let password columns be queried or sorted', () => {
    expect(whereOf('user_passwordSTARTSWITHhash', users)).toBe('1 = 1');
    expect(whereOf('manager.user_password=x', users)).toBe('1 = 1');
    expect(compileEncodedQuery(parseEncodedQuery('ORDERBYuser_password'), users, catalog).orderBy).toEqual([]);
  });
});

describe('compileEncodedQuery: ORDER BY', () => {
  it('orders empty values first ascending and last descending on both databases', () => {
    for (const dialect of ['sqlite', 'postgres'] as const) {
      expect(sqlOf('ORDERBYpriority^ORDERBYDESCnumber', incident, dialect).sql).toMatch(
        /order by "t"."priority" asc nulls first, "t"."number" desc nulls last$/,
      );
    }
  });

  it('orders by a dot-walked field with a correlated subquery', () => {
    expect(sqlOf('ORDERBYDESCproblem_id.number').sql).toMatch(
      /order by \(select "r"."number" from "task" as "r" where "r"."sys_id" = "t"."problem_id" and "r"."sys_class_name" in \(\?\)\) desc nulls last$/,
    );
  });

  it('ignores unknown order fields', () => {
    const compiled = compileEncodedQuery(parseEncodedQuery('ORDERBYbogus^ORDERBYa.b^ORDERBYnumber'), incident, catalog);
    expect(compiled.orderBy.map((o) => [o.field, o.direction])).toEqual([['number', 'asc']]);
  });
});

describe('compilePlainFilters', () => {
  const plainSql = (params: Record<string, string>) => selectSql('sqlite', 'task', compilePlainFilters(params, incident, catalog));

  it('ANDs equalities with conversion, skipping unknown and sysparm_ names', () => {
    const { sql, parameters } = plainSql({
      priority: '2',
      active: 'true',
      bogus: 'x',
      sysparm_limit: '5',
      "short_description = 'x' or 1=1 --": 'y',
    });
    expect(sql).toMatch(/where \("t"."priority" = cast\(\? as bigint\) and "t"."active" = cast\(\? as bigint\)\)$/);
    expect(parameters).toEqual([2, 1]);
  });

  it('treats an empty value as "is empty" and nothing as no filter', () => {
    expect(plainSql({ caller_id: '' }).sql).toMatch(/where "t"."caller_id" is null$/);
    expect(plainSql({}).sql).toMatch(/where 1 = 1$/);
  });
});
