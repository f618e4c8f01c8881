import type { Services } from '../app.ts';
import { seedDemo } from '../modules/seed/seed-demo.ts';
import type { CliIo } from './io.ts';

/** `dpr seed --demo`: loads the demo data set once; a second run changes nothing and says so. */
export async function seed(services: Services, io: CliIo): Promise<void> {
  const report = await seedDemo({ db: services.database.db, store: services.store, clock: services.clock });
  if (report.status === 'already_loaded') {
    io.out(`The demo data set is already loaded (since ${report.loadedOn}); nothing changed.`);
    return;
  }
  io.out(`Loaded the demo data set (as of ${report.today}):`);
  for (const [label, count] of report.counts) io.out(`  ${String(count).padStart(4)}  ${label}`);
  io.out('');
  io.out(`Demo users (password "${report.password}" for each):`);
  const width = Math.max(...report.users.map((u) => u.userName.length));
  for (const u of report.users) io.out(`  ${u.userName.padEnd(width)}  ${u.title}: ${u.roles.join(', ')}`);
}
