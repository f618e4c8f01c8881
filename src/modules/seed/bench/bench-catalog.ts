import { addCalendarDays } from '../../calendar/engine/index.ts';
import { newSysId } from '../../../platform/ids/sys-id.ts';
import type { SeedWriter } from '../seed-writer.ts';
import { BENCH_NAMES } from './bench-scale.ts';

/** Release owners `bench.owner<from>` … (no password: they own releases, they never sign in). */
export async function insertOwners(w: SeedWriter, from: number, to: number): Promise<void> {
  const rows = [];
  for (let n = from; n < to; n++) {
    rows.push({ user_name: BENCH_NAMES.owner(n), first_name: 'Bench', last_name: `Owner ${n}`, email: `${BENCH_NAMES.owner(n)}@bench.invalid`, active: true });
  }
  if (rows.length) await w.insert('sys_user', rows);
}

/** Application products `from` … `to` − 1 with their versions (`<product> 1.0` …). */
export async function insertProducts(w: SeedWriter, from: number, to: number, versionsPerProduct: number, ownerIds: readonly string[]): Promise<void> {
  const defs: Array<{ name: string; owner: string }> = [];
  for (let n = from; n < to; n++) defs.push({ name: BENCH_NAMES.product(n), owner: ownerIds[n % ownerIds.length] });
  if (defs.length === 0) return;
  const products = await w.insert(
    'cmdb_application_product_model',
    defs.map((d) => ({ name: d.name, short_description: `${d.name} (benchmark data)`, owner: d.owner })),
  );
  const versions = products.flatMap((p, i) =>
    Array.from({ length: versionsPerProduct }, (_, v) => ({
      name: `${defs[i].name} ${v + 1}.0`,
      short_description: `${defs[i].name} version ${v + 1}.0`,
      product: p.sys_id,
      version: `${v + 1}.0`,
      owner: defs[i].owner,
    })),
  );
  await w.insert('cmdb_sw_component_model', versions);
}

/** The Friday on or after `date`. */
function fridayFrom(date: string): string {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return addCalendarDays(date, (5 - day + 7) % 7);
}

/**
 * The bench release calendar and a weekly series of readiness targets on Fridays, from ten weeks
 * ahead (a 5 × 5-working-day timeline fits before the first) for two years.
 */
export async function insertCalendar(w: SeedWriter, today: string, adminId: string): Promise<void> {
  const calendar = await w.insertOne('sn_dpr_model_release_calendar', {
    name: BENCH_NAMES.calendar,
    release_admin: adminId,
    description: 'Weekly release windows (benchmark data)',
  });
  const first = fridayFrom(addCalendarDays(today, 70));
  const series = newSysId();
  await w.insert(
    'sn_dpr_model_release_target',
    Array.from({ length: 104 }, (_, i) => ({
      name: 'Weekly release window',
      release_admin: adminId,
      release_calendar: calendar.sys_id,
      date: addCalendarDays(first, 7 * i),
      description: 'Friday release window',
      recurring: true,
      series,
      out_of_band: false,
    })),
  );
}
