import { AppError } from '../errors/app-error.ts';

/** Which integrity rule a database error broke, read from either driver's error shape. */
type Violation = 'unique' | 'foreign_key' | 'not_null' | 'check';

function violationOf(error: unknown): Violation | undefined {
  const e = error as { code?: string };
  switch (e?.code) {
    case '23505':
    case 'SQLITE_CONSTRAINT_UNIQUE':
    case 'SQLITE_CONSTRAINT_PRIMARYKEY':
      return 'unique';
    case '23503':
    case 'SQLITE_CONSTRAINT_FOREIGNKEY':
      return 'foreign_key';
    case '23502':
    case 'SQLITE_CONSTRAINT_NOTNULL':
      return 'not_null';
    case '23514':
    case 'SQLITE_CONSTRAINT_CHECK':
      return 'check';
    default:
      return undefined;
  }
}

/** Turns a constraint violation into a 400 with a clear message; other errors pass through. */
export function translateDatabaseError(error: unknown, table?: string): unknown {
  const violation = violationOf(error);
  if (!violation) return error;
  const where = table ? ` in ${table}` : '';
  const messages: Record<Violation, string> = {
    unique: `A record with the same unique value already exists${where}`,
    foreign_key: `A reference${where} points to a record that does not exist, or the record is still referenced`,
    not_null: `A mandatory value is missing${where}`,
    check: `A value${where} breaks a rule of the table`,
  };
  return new AppError(`DB_${violation.toUpperCase()}`, 400, messages[violation]);
}

/** True for errors worth retrying (PostgreSQL serialization failures and deadlocks, SQLite busy). */
export function isTransient(error: unknown): boolean {
  const code = (error as { code?: string })?.code;
  return code === '40001' || code === '40P01' || code === 'SQLITE_BUSY';
}
