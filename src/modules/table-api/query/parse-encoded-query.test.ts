import { describe, expect, it } from 'vitest';
import { parseEncodedQuery, splitInList } from './parse-encoded-query.ts';
import type { EncodedQuery, QueryCondition } from './query-ast.ts';

const cond = (field: string, operator: QueryCondition['operator'], value = ''): QueryCondition => ({
  field,
  operator,
  value,
});
/** The single condition of a one-condition query. */
const only = (text: string): QueryCondition | undefined => {
  const q = parseEncodedQuery(text);
  return q.groups.length === 1 && q.groups[0]!.length === 1 && q.groups[0]![0]!.length === 1
    ? q.groups[0]![0]![0]
    : undefined;
};
const EMPTY: EncodedQuery = { groups: [], orderBy: [] };

describe('parseEncodedQuery: operators', () => {
  it.each([
    ['priority=1', cond('priority', '=', '1')],
    ['priority!=1', cond('priority', '!=', '1')],
    ['priorityIN1,2,3', cond('priority', 'IN', '1,2,3')],
    ['priorityNOT IN1,2', cond('priority', 'NOT IN', '1,2')],
    ['priorityNOTIN1,2', cond('priority', 'NOT IN', '1,2')],
    ['short_descriptionLIKEmail', cond('short_description', 'LIKE', 'mail')],
    ['short_descriptionNOT LIKEmail', cond('short_description', 'NOT LIKE', 'mail')],
    ['short_descriptionNOTLIKEmail', cond('short_description', 'NOT LIKE', 'mail')],
    ['short_descriptionSTARTSWITHEm', cond('short_description', 'STARTSWITH', 'Em')],
    ['short_descriptionENDSWITHdown', cond('short_description', 'ENDSWITH', 'down')],
    ['caller_idISEMPTY', cond('caller_id', 'ISEMPTY')],
    ['caller_idISNOTEMPTY', cond('caller_id', 'ISNOTEMPTY')],
    ['priority<2', cond('priority', '<', '2')],
    ['priority<=2', cond('priority', '<=', '2')],
    ['priority>2', cond('priority', '>', '2')],
    ['priority>=2', cond('priority', '>=', '2')],
    ['priorityANYTHING', cond('priority', 'ANYTHING')],
    ['prioritySAMEASstate', cond('priority', 'SAMEAS', 'state')],
    ['priorityNSAMEASstate', cond('priority', 'NSAMEAS', 'state')],
  ])('%s', (text, expected) => {
    expect(parseEncodedQuery(text)).toEqual({ groups: [[[expected]]], orderBy: [] });
  });

  it('takes the longest operator right after the field name', () => {
    expect(only('priority<==3')).toEqual(cond('priority', '<=', '=3'));
    expect(only('state>=-5')).toEqual(cond('state', '>=', '-5'));
    expect(only('nameISNOTEMPTY')).toEqual(cond('name', 'ISNOTEMPTY'));
    expect(only('nameNSAMEASx')).toEqual(cond('name', 'NSAMEAS', 'x'));
  });

  it('keeps an empty value (field= means "is empty" when compiled)', () => {
    expect(only('priority=')).toEqual(cond('priority', '=', ''));
    expect(only('priority!=')).toEqual(cond('priority', '!=', ''));
    expect(only('priorityIN')).toEqual(cond('priority', 'IN', ''));
  });

  it('ignores text after a valueless operator', () => {
    expect(only('nameISEMPTYjunk')).toEqual(cond('name', 'ISEMPTY'));
    expect(only('nameANYTHING=1')).toEqual(cond('name', 'ANYTHING'));
  });

  it('drops terms using platform operators dpr does not implement, not misreading them', () => {
    expect(parseEncodedQuery('sys_class_nameINSTANCEOFtask')).toEqual(EMPTY);
    expect(parseEncodedQuery('sys_created_onONToday@javascript:gs.beginningOfToday()')).toEqual(EMPTY);
    expect(parseEncodedQuery('dueBETWEEN2024-01-01@2024-02-01^priority=1')).toEqual({
      groups: [[[cond('priority', '=', '1')]]],
      orderBy: [],
    });
  });
});

describe('parseEncodedQuery: values', () => {
  it.each([
    ['short_description=a=b', 'a=b'],
    ['short_description=x!=y', 'x!=y'],
    ['short_description=  two  spaces ', '  two  spaces '],
    ['short_description=LIKE', 'LIKE'],
    ['short_description=ORDERBYx', 'ORDERBYx'],
    ["short_description=x' OR '1'='1", "x' OR '1'='1"],
    ['short_description=100%_\\', '100%_\\'],
    ['short_description=Ünïcødé ✓ 😀', 'Ünïcødé ✓ 😀'],
    ['short_description=a,b', 'a,b'],
    ['short_description=^', ''],
  ])('%s keeps value %j', (text, value) => {
    expect(only(text)).toEqual(cond('short_description', '=', value));
  });

  it('treats every ^ as a separator (the platform has no escape for it)', () => {
    expect(parseEncodedQuery('short_description=a^b=c')).toEqual({
      groups: [[[cond('short_description', '=', 'a')], [cond('b', '=', 'c')]]],
      orderBy: [],
    });
    expect(parseEncodedQuery('a=1^^b=2')).toEqual({
      groups: [[[cond('a', '=', '1')], [cond('b', '=', '2')]]],
      orderBy: [],
    });
  });

  it('splits IN lists on commas, keeping spaces and leaving out empty items', () => {
    expect(splitInList('1,2,3')).toEqual(['1', '2', '3']);
    expect(splitInList(' a, b ')).toEqual([' a', ' b ']);
    expect(splitInList('a,,b,')).toEqual(['a', 'b']);
    expect(splitInList('')).toEqual([]);
  });
});

describe('parseEncodedQuery: fields', () => {
  it('accepts one-level dot-walks and keeps deeper ones for the compiler to drop', () => {
    expect(only('caller_id.name=Bob')).toEqual(cond('caller_id.name', '=', 'Bob'));
    expect(only('caller_id.manager.name=Bob')).toEqual(cond('caller_id.manager.name', '=', 'Bob'));
  });

  it('reads field names as lowercase letters, digits, underscores and dots', () => {
    expect(only('u_field_2=x')).toEqual(cond('u_field_2', '=', 'x'));
    expect(only('sys_id=abc')).toEqual(cond('sys_id', '=', 'abc'));
  });
});

describe('parseEncodedQuery: ^, ^OR, ^NQ', () => {
  it('joins terms with ^ as AND clauses', () => {
    expect(parseEncodedQuery('active=true^priority=1')).toEqual({
      groups: [[[cond('active', '=', 'true')], [cond('priority', '=', '1')]]],
      orderBy: [],
    });
  });

  it('binds ^OR to the previous condition (OR before AND)', () => {
    expect(parseEncodedQuery('active=true^priority=1^ORpriority=2^ORstate=3^number=X')).toEqual({
      groups: [
        [
          [cond('active', '=', 'true')],
          [cond('priority', '=', '1'), cond('priority', '=', '2'), cond('state', '=', '3')],
          [cond('number', '=', 'X')],
        ],
      ],
      orderBy: [],
    });
  });

  it('starts a clause of its own for an ^OR with nothing before it', () => {
    expect(parseEncodedQuery('ORpriority=1^ORpriority=2')).toEqual({
      groups: [[[cond('priority', '=', '1'), cond('priority', '=', '2')]]],
      orderBy: [],
    });
    expect(parseEncodedQuery('a=1^NQORb=2')).toEqual({
      groups: [[[cond('a', '=', '1')]]],
      orderBy: [],
    });
  });

  it('joins an ^OR to the last condition kept when the term before it was malformed', () => {
    expect(parseEncodedQuery('a=1^garbage^ORb=2')).toEqual({
      groups: [[[cond('a', '=', '1'), cond('b', '=', '2')]]],
      orderBy: [],
    });
  });

  it('splits ^NQ groups', () => {
    expect(parseEncodedQuery('a=1^b=2^NQc=3^ORd=4^NQe=5')).toEqual({
      groups: [
        [[cond('a', '=', '1')], [cond('b', '=', '2')]],
        [[cond('c', '=', '3'), cond('d', '=', '4')]],
        [[cond('e', '=', '5')]],
      ],
      orderBy: [],
    });
  });

  it('leaves out empty groups', () => {
    expect(parseEncodedQuery('NQa=1^NQ^NQ')).toEqual({ groups: [[[cond('a', '=', '1')]]], orderBy: [] });
    expect(parseEncodedQuery('a=1^NQbad')).toEqual({ groups: [[[cond('a', '=', '1')]]], orderBy: [] });
  });

  it('ignores the ^EQ marker and reads what follows it', () => {
    expect(parseEncodedQuery('a=1^EQ')).toEqual({ groups: [[[cond('a', '=', '1')]]], orderBy: [] });
    expect(parseEncodedQuery('a=1^EQ^ORDERBYb^c=2')).toEqual({
      groups: [[[cond('a', '=', '1')], [cond('c', '=', '2')]]],
      orderBy: [{ field: 'b', direction: 'asc' }],
    });
  });
});

describe('parseEncodedQuery: ORDERBY', () => {
  it('reads ORDERBY and ORDERBYDESC anywhere, in order', () => {
    expect(parseEncodedQuery('ORDERBYDESCpriority^active=true^ORDERBYnumber')).toEqual({
      groups: [[[cond('active', '=', 'true')]]],
      orderBy: [
        { field: 'priority', direction: 'desc' },
        { field: 'number', direction: 'asc' },
      ],
    });
  });

  it('accepts a dot-walked order field', () => {
    expect(parseEncodedQuery('ORDERBYcaller_id.name').orderBy).toEqual([{ field: 'caller_id.name', direction: 'asc' }]);
  });

  it('does not break an ^OR chain', () => {
    expect(parseEncodedQuery('a=1^ORDERBYx^ORb=2').groups).toEqual([[[cond('a', '=', '1'), cond('b', '=', '2')]]]);
  });

  it('reads an ORDERBY right after NQ', () => {
    expect(parseEncodedQuery('a=1^NQORDERBYDESCb')).toEqual({
      groups: [[[cond('a', '=', '1')]]],
      orderBy: [{ field: 'b', direction: 'desc' }],
    });
  });

  it('keeps the first term for a field ordered twice', () => {
    expect(parseEncodedQuery('ORDERBYa^ORDERBYDESCa^ORDERBYb').orderBy).toEqual([
      { field: 'a', direction: 'asc' },
      { field: 'b', direction: 'asc' },
    ]);
  });

  it('drops order terms without a valid field name', () => {
    expect(parseEncodedQuery('ORDERBY^ORDERBYDESC^ORDERBYa b^ORDERBYName^ORDERBYx;drop')).toEqual(EMPTY);
  });
});

describe('parseEncodedQuery: malformed input', () => {
  it.each([
    [''],
    ['^'],
    ['^^^'],
    ['EQ'],
    ['NQ'],
    ['OR'],
    ['priority'],
    ['=1'],
    ['!=1'],
    ['Priority=1'],
    ['priority 1'],
    ['priority = 1'],
    ['priority~1'],
    ['prioritylike1'],
    ['GROUPBYstate'],
    ['RLQUERYsys_user.manager,>=1'],
    ['😀=1'],
  ])('drops %j', (text) => {
    expect(parseEncodedQuery(text)).toEqual(EMPTY);
  });

  it('keeps the good terms around a bad one', () => {
    expect(parseEncodedQuery('a=1^priority 1^b=2')).toEqual({
      groups: [[[cond('a', '=', '1')], [cond('b', '=', '2')]]],
      orderBy: [],
    });
  });

  it('reads a field up to the first character that cannot be in a name', () => {
    // `"` is no operator: the term is dropped, so text after a name can never reach SQL as a name.
    expect(parseEncodedQuery('short_description"=x')).toEqual(EMPTY);
    expect(parseEncodedQuery('short_description;drop table task=x')).toEqual(EMPTY);
  });

  it('returns an empty query for a non-string at run time', () => {
    expect(parseEncodedQuery(undefined as unknown as string)).toEqual(EMPTY);
    expect(parseEncodedQuery(['a=1'] as unknown as string)).toEqual(EMPTY);
  });
});
