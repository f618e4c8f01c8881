// Prints the plain closing line CI reads ("N passed, N failed") from one or more vitest JSON reports
// (the main suite, the browser tests, the reliability suites), and fails when the PostgreSQL suites did not run (they must
// in CI). A report that cannot be read counts as one failure.
import { readFileSync } from 'node:fs';

const files = process.argv.length > 2 ? process.argv.slice(2) : ['test-results/vitest.json'];
let passed = 0;
let failed = 0;
let skipped = 0;
let postgres = 0;
for (const file of files) {
  let report;
  try {
    report = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    console.log(`cannot read ${file}: ${error.message}`);
    failed += 1;
    continue;
  }
  const tests = report.testResults.flatMap((f) => f.assertionResults);
  passed += tests.filter((t) => t.status === 'passed').length;
  failed += tests.filter((t) => t.status === 'failed').length + report.testResults.filter((f) => f.status === 'failed' && f.assertionResults.length === 0).length;
  skipped += tests.filter((t) => t.status === 'skipped' || t.status === 'pending' || t.status === 'todo').length;
  postgres += tests.filter((t) => t.status === 'passed' && /postgres/i.test(t.fullName ?? t.ancestorTitles?.join(' ') ?? '')).length;
  // The reliability run's scale-out proof is PostgreSQL-only: it must have run, not been skipped.
  if (/reliability/.test(file) && !tests.some((t) => t.status === 'passed' && /multi-instance/.test(t.fullName ?? t.ancestorTitles?.join(' ') ?? ''))) {
    console.log('The multi-instance reliability suite did not pass.');
    failed += 1;
  }
}
let extraFailure = 0;
if (postgres === 0) {
  console.log('The PostgreSQL suites did not run.');
  extraFailure = 1;
}
console.log(`${passed} passed, ${failed + extraFailure} failed, ${skipped} skipped`);
process.exit(failed + extraFailure > 0 ? 1 : 0);
