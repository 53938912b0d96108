/**
 * Runs queries one after the other. A transaction holds one connection, and one pg connection runs one
 * query at a time: handing it several at once (Promise.all) only queues them inside pg, which warns that
 * pg@9 will refuse it. Each step is a function so that nothing starts before the one before it is done.
 */
export async function inTurn<T extends readonly unknown[]>(
  ...steps: { [K in keyof T]: () => PromiseLike<T[K]> }
): Promise<T> {
  const results: unknown[] = [];
  for (const step of steps) results.push(await step());
  return results as unknown as T;
}
