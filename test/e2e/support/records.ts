import { eq } from 'drizzle-orm';
import type { Locator } from 'playwright-core';
import { expect } from 'vitest';
import { applications, orders } from '../../../src-server/db/schema';
import type { TestServer } from '../../helpers/apiServer';

/**
 * People see 申请单号 / 订单号, never the records' ids: a test reads the number off the page and asks
 * the server's database which record it names, for the steps it then takes over the API.
 */

const NUMBER = /(SQ|DD)\d{8}-\d{4,}/;

/** The first 申请单号 or 订单号 in `where`'s text. */
export async function numberShownIn(where: Locator): Promise<string> {
  const number = NUMBER.exec((await where.textContent()) ?? '')?.[0];
  expect(number).toBeTruthy();
  return number!;
}

/** The id of the application (SQ…) or order (DD…) with this number. */
export async function idOfNumber(server: TestServer, number: string): Promise<string> {
  const table = number.startsWith('DD') ? orders : applications;
  const [row] = await server.db.select({ id: table.id }).from(table).where(eq(table.number, number));
  expect(row, `no record numbered ${number}`).toBeTruthy();
  return row!.id;
}
