import { eq } from 'drizzle-orm';
import type { Profile, SessionUser } from '../../src-shared/schemas/account';
import type { Database } from '../db/database';
import { accounts, enterprises, type AccountRow, type EnterpriseRow } from '../db/schema';

export async function findAccountByPhone(db: Database, phone: string): Promise<AccountRow | undefined> {
  const [row] = await db.select().from(accounts).where(eq(accounts.phone, phone)).limit(1);
  return row;
}

export async function findAccountByIdNumber(db: Database, idNumber: string): Promise<AccountRow | undefined> {
  const [row] = await db.select().from(accounts).where(eq(accounts.idNumber, idNumber)).limit(1);
  return row;
}

export async function findAccountById(db: Database, id: string): Promise<AccountRow | undefined> {
  const [row] = await db.select().from(accounts).where(eq(accounts.id, id)).limit(1);
  return row;
}

async function enterpriseOf(db: Database, account: AccountRow): Promise<EnterpriseRow | null> {
  if (!account.enterpriseId) return null;
  const [row] = await db.select().from(enterprises).where(eq(enterprises.id, account.enterpriseId)).limit(1);
  return row ?? null;
}

export async function toSessionUser(db: Database, account: AccountRow): Promise<SessionUser> {
  const enterprise = await enterpriseOf(db, account);
  return {
    id: account.id,
    name: account.name,
    phone: account.phone,
    idNumber: account.idNumber,
    roles: account.roles,
    enterpriseName: enterprise?.name ?? null,
  };
}

/** `known`: the account's enterprise already read in this request (by `authenticate`); read if it is not that one. */
export async function toProfile(
  db: Database,
  account: AccountRow,
  known?: EnterpriseRow | null,
): Promise<Profile> {
  const enterprise =
    known !== undefined && (known?.id ?? null) === account.enterpriseId
      ? known
      : await enterpriseOf(db, account);
  return {
    id: account.id,
    name: account.name,
    phone: account.phone,
    email: account.email,
    idType: account.idType,
    idNumber: account.idNumber,
    birthDate: account.birthDate,
    gender: account.gender,
    address: account.address,
    postalCode: account.postalCode,
    roles: account.roles,
    enterprise: enterprise && {
      id: enterprise.id,
      name: enterprise.name,
      creditCode: enterprise.creditCode,
      legalRepresentative: enterprise.legalRepresentative,
      address: enterprise.address,
    },
    version: account.version,
    createdAt: account.createdAt.toISOString(),
    updatedAt: account.updatedAt.toISOString(),
  };
}
