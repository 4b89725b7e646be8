/*
 * What tests of other packages (the CLI's) use from the server's test support, reached as
 * `@zhengming/server/test-support`. Only tests import it: the package builds (and ships) no test-support/.
 */
export * from './builders.js';
export { TEST_AUDIT_KEY, TEST_DATA_KEY, testAuditWriter } from './test-key.js';
export { TestClock, TEST_CLOCK_START, type TestClockOptions } from './test-clock.js';
export { createTestDatabase, prepareEmbeddedDataDir, type TestDatabase, type TestDatabaseOptions } from './test-db.js';
