import { eq } from 'drizzle-orm';
import { idNumberBirthDate, idNumberGender } from '../../src-shared/rules/idNumber';
import type { Database } from '../db/database';
import { created } from '../db/records';
import { accounts, enterprises } from '../db/schema';
import { hashPassword } from '../services/passwords';
import { DEMO_ACCOUNTS, type DemoAccount, type DemoEnterprise } from './demoAccounts';

/** Creates the demo accounts that are missing; running it again changes nothing. */
export async function seedDemo(db: Database, now: Date): Promise<void> {
  for (const demo of Object.values(DEMO_ACCOUNTS) as DemoAccount[]) {
    const [existing] = await db
      .select({ id: accounts.id })
      .from(accounts)
      .where(eq(accounts.phone, demo.phone));
    if (existing) continue;
    const enterpriseId = demo.enterprise ? await ensureEnterprise(db, demo.enterprise, now) : null;
    await db.insert(accounts).values({
      phone: demo.phone,
      name: demo.name,
      email: demo.email,
      idType: 'id_card',
      idNumber: demo.idNumber,
      birthDate: idNumberBirthDate(demo.idNumber),
      gender: idNumberGender(demo.idNumber),
      roles: [...demo.roles],
      enterpriseId,
      passwordHash: await hashPassword(demo.password),
      passwordChangedAt: now,
      ...created(now),
    });
  }
}

async function ensureEnterprise(db: Database, enterprise: DemoEnterprise, now: Date): Promise<string> {
  const [existing] = await db
    .select({ id: enterprises.id })
    .from(enterprises)
    .where(eq(enterprises.creditCode, enterprise.creditCode));
  if (existing) return existing.id;
  const [row] = await db
    .insert(enterprises)
    .values({ ...enterprise, ...created(now) })
    .returning({ id: enterprises.id });
  return row!.id;
}
