import type { Services } from '../app.ts';
import { progressBar } from '../modules/seed/bench/progress-bar.ts';
import { seedBench } from '../modules/seed/bench/seed-bench.ts';
import type { CliIo } from './io.ts';

/** A stream the progress bar redraws on (stderr: stdout keeps the summary). */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** `dpr seed --bench [--scale N]`: the benchmark data set, with a progress bar on stderr. */
export async function seedBenchCommand(services: Services, io: CliIo, scale: number, stream: ProgressStream = process.stderr): Promise<void> {
  const tty = stream.isTTY === true;
  const progress = progressBar(tty ? (text) => void stream.write(text) : (text) => io.err(text.replace(/\n$/, '')), tty);
  const report = await seedBench(
    {
      db: services.database.db,
      store: services.store,
      clock: services.clock,
      properties: services.properties,
      catalog: services.catalog,
      postgres: services.database.caps.kind === 'postgres',
    },
    scale,
    progress,
  );
  if (report.status === 'already_loaded') {
    io.out(`The benchmark data set is already loaded at scale ${report.scale}; nothing changed.`);
    return;
  }
  const total = report.rows.reduce((sum, [, n]) => sum + n, 0);
  const from = report.previousScale ? ` (grown from scale ${report.previousScale})` : '';
  io.out(`Loaded the benchmark data set at scale ${report.scale}${from} in ${report.seconds.toFixed(1)} s: ${total} rows in the main tables.`);
  for (const [table, rows] of report.rows) io.out(`  ${String(rows).padStart(8)}  ${table}`);
}
