// Prints the plain closing line CI reads ("N passed, N failed") from vitest's JSON report, and
// fails when the PostgreSQL suites did not run (they must in CI).
import { readFileSync } from 'node:fs';

const file = process.argv[2] ?? 'test-results/vitest.json';
let report;
try {
  report = JSON.parse(readFileSync(file, 'utf8'));
} catch (error) {
  console.log(`cannot read ${file}: ${error.message}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const tests = report.testResults.flatMap((f) => f.assertionResults);
const passed = tests.filter((t) => t.status === 'passed').length;
const failed = tests.filter((t) => t.status === 'failed').length + report.testResults.filter((f) => f.status === 'failed' && f.assertionResults.length === 0).length;
const skipped = tests.filter((t) => t.status === 'skipped' || t.status === 'pending' || t.status === 'todo').length;
const postgres = tests.filter((t) => t.status === 'passed' && /postgres/i.test(t.fullName ?? t.ancestorTitles?.join(' ') ?? '')).length;
let extraFailure = 0;
if (postgres === 0) {
  console.log('The PostgreSQL suites did not run.');
  extraFailure = 1;
}
console.log(`${passed} passed, ${failed + extraFailure} failed, ${skipped} skipped`);
process.exit(failed + extraFailure > 0 ? 1 : 0);
