import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { POSTGRES_ADMIN_URL, type BenchDatabase } from './databases.ts';

/**
 * Seeding scale 1 takes a minute or more; the seeded database is kept and copied for later runs.
 * The key hashes every file under src/ and the lockfile, so any change to the engine (which the
 * data set is written through) or to a dependency seeds afresh. `--fresh` ignores the cache.
 * The day is part of the key too. SQLite: a file in bench/.cache/. PostgreSQL: a database `dpr_bench_cache_<key>` used as template.
 */
export function cacheKey(root: string): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else hash.update(path.slice(root.length)).update(readFileSync(path));
    }
  };
  walk(join(root, 'src'));
  hash.update(readFileSync(join(root, 'package-lock.json')));
  // The data is dated around the day it was seeded (readiness targets weeks ahead): one day's worth.
  hash.update(new Date().toISOString().slice(0, 10));
  return hash.digest('hex').slice(0, 12);
}

export interface SeedCache {
  /** Fills `database` from the cache; false when there is nothing cached. */
  restore(database: BenchDatabase): Promise<boolean>;
  save(database: BenchDatabase): Promise<void>;
}

export function seedCache(root: string, key: string): SeedCache {
  const dir = join(root, 'bench', '.cache');
  const sqliteFile = join(dir, `scale1-${key}.sqlite`);
  const pgName = `dpr_bench_cache_${key}`;
  return {
    async restore(database) {
      if (database.dialect === 'sqlite') {
        if (!existsSync(sqliteFile)) return false;
        const target = database.url.slice('sqlite:'.length);
        copyFileSync(sqliteFile, target);
        if (existsSync(`${sqliteFile}-wal`)) copyFileSync(`${sqliteFile}-wal`, `${target}-wal`);
        return true;
      }
      if (!(await pgDatabaseExists(pgName))) return false;
      await database.drop();
      await adminQuery(`create database ${pgDatabaseName(database.url)} template ${pgName}`);
      return true;
    },
    async save(database) {
      if (database.dialect === 'sqlite') {
        mkdirSync(dir, { recursive: true });
        // The seed's process has exited, but its last commits may still be in the WAL file only.
        const source = database.url.slice('sqlite:'.length);
        copyFileSync(source, sqliteFile);
        if (existsSync(`${source}-wal`)) copyFileSync(`${source}-wal`, `${sqliteFile}-wal`);
        else rmSync(`${sqliteFile}-wal`, { force: true });
        return;
      }
      await adminQuery(`drop database if exists ${pgName} with (force)`);
      await adminQuery(`create database ${pgName} template ${pgDatabaseName(database.url)}`);
    },
  };
}

function pgDatabaseName(url: string): string {
  return new URL(url).pathname.slice(1);
}

async function pgDatabaseExists(name: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    return (await client.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1;
  } finally {
    await client.end();
  }
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
