import { sql, type Kysely } from 'kysely';
import { newSysId } from '../ids/sys-id.ts';

/**
 * Reserves `count` consecutive task numbers for a prefix (`INC0010001`, seven digits as the
 * platform shows them). One UPDATE … RETURNING per batch: atomic on both databases, no gaps under
 * concurrency except for rolled-back transactions.
 */
export async function reserveNumbers(db: Kysely<any>, table: string, prefix: string, count: number, stamp: string): Promise<string[]> {
  const bump = () =>
    db
      .updateTable('sys_number_counter')
      .set({ next_number: sql`next_number + ${count}`, sys_updated_on: stamp, sys_mod_count: sql`sys_mod_count + 1` })
      .where('prefix', '=', prefix)
      .returning('next_number')
      .executeTakeFirst();
  let row = await bump();
  if (!row) {
    await db
      .insertInto('sys_number_counter')
      .values({
        sys_id: newSysId(),
        sys_class_name: 'sys_number_counter',
        sys_created_on: stamp,
        sys_created_by: 'system',
        sys_updated_on: stamp,
        sys_updated_by: 'system',
        sys_mod_count: 0,
        table_name: table,
        prefix,
        next_number: 1000001,
      })
      .onConflict((oc) => oc.column('prefix').doNothing())
      .execute();
    row = await bump();
  }
  const end = Number(row!.next_number);
  return Array.from({ length: count }, (_, i) => `${prefix}${String(end - count + i).padStart(7, '0')}`);
}
