import {
  API_PREFIX,
  apiRoutes,
  routePath,
  type ApiInput,
  type ApiName,
  type ApiOutput,
} from '../../../src-shared/api/routes';
import type { AppErrorBody } from '../../../src-shared/errors';
import type { Session } from '../../../src-shared/schemas/account';
import { idNumberCheckChar } from '../../../src-shared/rules/idNumber';
import { eq } from 'drizzle-orm';
import { accounts, captchas } from '../../../src-server/db/schema';
import { DEMO_ACCOUNTS } from '../../../src-server/seed/demoAccounts';
import { keyedHash } from '../../../src-server/services/secrets';
import type { TestServer } from '../../helpers/apiServer';

/** Helpers for the server's HTTP tests: every call goes over real HTTP with global fetch. */

export type Reply<T> = { status: number; body: T };

/** Calls a table entry by name the way a client does: JSON body, or query string for GET. */
export async function call<N extends ApiName>(
  server: Pick<TestServer, 'url'>,
  name: N,
  input: ApiInput<N> | Record<string, unknown>,
  token?: string,
  extraHeaders: Record<string, string> = {},
): Promise<Reply<ApiOutput<N> & AppErrorBody>> {
  const route = apiRoutes[name];
  const headers: Record<string, string> = { ...extraHeaders };
  if (token) headers.authorization = `Bearer ${token}`;
  let url = `${server.url}${API_PREFIX}${routePath(route.path, input)}`;
  let body: string | undefined;
  if (route.method === 'GET') {
    const query = new URLSearchParams(input as Record<string, string>).toString();
    if (query) url += `?${query}`;
  } else if (route.method !== 'DELETE' || Object.keys(input).length > 0) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(input);
  }
  const response = await fetch(url, { method: route.method, headers, body });
  return { status: response.status, body: (await response.json()) as ApiOutput<N> & AppErrorBody };
}

/** Returns the value when the call succeeded, or fails the test with the server's error. */
export async function ok<N extends ApiName>(
  server: Pick<TestServer, 'url'>,
  name: N,
  input: ApiInput<N> | Record<string, unknown>,
  token?: string,
): Promise<ApiOutput<N>> {
  const reply = await call(server, name, input, token);
  if (reply.status !== 200) throw new Error(`${name} → ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body;
}

let phoneCounter = Math.floor(Math.random() * 1_000_000);
/** A phone number no other test in this process has used. */
export function freshPhone(): string {
  phoneCounter += 1;
  return `139${String(phoneCounter).padStart(8, '0')}`;
}

type SmsPurpose = ApiInput<'sms.send'>['purpose'];

/** Asks for a code the way the forms do: a solved image captcha first. */
export async function sendSms(server: TestServer, phone: string, purpose: SmsPurpose) {
  return call(server, 'sms.send', { phone, purpose, ...(await solvedCaptcha(server)) });
}

/** Sends a code and reads it back from the dev outbox. */
export async function smsCodeFor(server: TestServer, phone: string, purpose: SmsPurpose): Promise<string> {
  const reply = await sendSms(server, phone, purpose);
  if (reply.status !== 200) throw new Error(`sms.send → ${reply.status} ${JSON.stringify(reply.body)}`);
  return server.smsCode(phone);
}

export async function registerByPhone(
  server: TestServer,
  phone: string,
  password = 'Passw0rd',
): Promise<string> {
  const smsCode = await smsCodeFor(server, phone, 'register');
  const { accountId } = await ok(server, 'account.registerByPhone', {
    phone,
    smsCode,
    password,
    confirmPassword: password,
  });
  return accountId;
}

/** A solved captcha, as the login and ID-number registration forms need. */
export async function solvedCaptcha(server: TestServer): Promise<{ captchaId: string; captchaText: string }> {
  const { captchaId } = await ok(server, 'captcha.new', {});
  return { captchaId, captchaText: await server.captchaText(captchaId) };
}

/**
 * A captcha whose answer the test chose, written straight into the database with the server's secret:
 * for a production server, which has no dev route to read answers from.
 */
export async function knownCaptcha(
  server: Pick<TestServer, 'db'>,
  secret: string,
): Promise<{ captchaId: string; captchaText: string }> {
  const captchaText = 'k7x4';
  const [row] = await server.db
    .insert(captchas)
    .values({
      answerHash: keyedHash(Buffer.from(secret, 'utf8'), 'captcha', captchaText),
      expiresAt: new Date(Date.now() + 300_000),
    })
    .returning({ id: captchas.id });
  return { captchaId: row!.id, captchaText };
}

export async function loginPassword(server: TestServer, account: string, password: string) {
  return call(server, 'auth.loginPassword', { account, password, ...(await solvedCaptcha(server)) });
}

export async function login(server: TestServer, account: string, password = 'Passw0rd'): Promise<Session> {
  const reply = await loginPassword(server, account, password);
  if (reply.status !== 200) throw new Error(`login → ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body;
}

export interface DeskSessions {
  operator: string;
  person: string;
  staff: string;
  /** A fresh account that holds the reviewer role alone. */
  reviewerOnly: string;
  reviewerOnlyId: string;
}

/** Tokens of the demo 经办人, person and staff, and of a new reviewer-only account (a demo server). */
export async function deskSessions(server: TestServer): Promise<DeskSessions> {
  const tokenOf = async (who: 'operator' | 'person' | 'staff') =>
    (await login(server, DEMO_ACCOUNTS[who].phone, DEMO_ACCOUNTS[who].password)).token;
  const phone = freshPhone();
  const reviewerOnlyId = await registerByPhone(server, phone);
  await server.db
    .update(accounts)
    .set({ roles: ['reviewer'] })
    .where(eq(accounts.id, reviewerOnlyId));
  return {
    operator: await tokenOf('operator'),
    person: await tokenOf('person'),
    staff: await tokenOf('staff'),
    reviewerOnly: (await login(server, phone)).token,
    reviewerOnlyId,
  };
}

/** Raw HTTP for requests a well-behaved client would never send. */
export async function raw(
  server: Pick<TestServer, 'url'>,
  method: string,
  path: string,
  init: { body?: string; contentType?: string; token?: string } = {},
): Promise<Reply<AppErrorBody & Record<string, unknown>>> {
  const headers: Record<string, string> = {};
  if (init.contentType) headers['content-type'] = init.contentType;
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  const response = await fetch(`${server.url}${path}`, { method, headers, body: init.body });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as AppErrorBody & Record<string, unknown> };
}

/**
 * Limits that keep tests apart (every request comes from 127.0.0.1): the per-IP caps and the SMS
 * resend wait are lifted unless a test is about them, and passwords are hashed at a lower scrypt cost
 * (2^14: a tenth of the time; the production cost has its own tests).
 */
export const RELAXED_LIMITS = {
  smsDailyPerIp: 100_000,
  ipMaxFailures: 100_000,
  smsResendSeconds: 0,
  captchaPerIp: 100_000,
  passwordCostLog2: 14,
};

let idCounter = Math.floor(Math.random() * 300);
/** A valid resident ID number (born 1990-2-…, check digit computed) no other test here has used. */
export function freshIdNumber(): string {
  idCounter += 1;
  const day = String((idCounter % 28) + 1).padStart(2, '0');
  const sequence = String(Math.floor(idCounter / 28) % 1000).padStart(3, '0');
  const first17 = `3501021990${'02'}${day}${sequence}`;
  return first17 + idNumberCheckChar(first17);
}
