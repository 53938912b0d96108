import { afterAll } from 'vitest';

/**
 * Fails a test file whose server handed one pg connection a second query while the first was still
 * running (Promise.all inside a transaction): pg queues it with a deprecation warning today, and pg@9
 * will refuse it. Seen only on PostgreSQL runs (DATABASE_URL); node warns once per process.
 */
const seen: string[] = [];
const onWarning = (warning: Error) => {
  if (warning.name === 'DeprecationWarning' && warning.message.includes('already executing a query'))
    seen.push(warning.stack ?? warning.message);
};
process.on('warning', onWarning);

afterAll(() => {
  process.off('warning', onWarning);
  if (seen.length > 0)
    throw new Error(`a pg connection was given a query while another ran:\n${seen.join('\n')}`);
});
