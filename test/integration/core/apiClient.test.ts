import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { API_PREFIX } from '../../../src-shared/api/routes';
import { AppError } from '../../../src-shared/errors';
import { createApiClient } from '../../../src-main/core/api/client';

/** A scripted HTTP server: each test says how the next requests are answered and reads what arrived. */
type Answer = (request: http.IncomingMessage, response: http.ServerResponse) => void;
const received: { method: string; url: string; headers: http.IncomingHttpHeaders; body: string }[] = [];
let answers: Answer[] = [];
let server: http.Server;
let baseUrl: string;

const json =
  (status: number, body: unknown): Answer =>
  (_request, response) => {
    response.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
  };
const hangUp: Answer = (request) => request.socket.destroy();
const profile = {
  id: 'u1',
  name: '张三',
  phone: '13800000001',
  email: null,
  idType: null,
  idNumber: null,
  birthDate: null,
  gender: null,
  address: '',
  postalCode: '',
  roles: ['applicant'],
  enterprise: null,
  version: 1,
  createdAt: '2025-01-01T00:00:00Z',
  updatedAt: '2025-01-01T00:00:00Z',
};

beforeAll(async () => {
  server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      received.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
      const answer = answers.shift() ?? json(500, { nope: true });
      answer(request, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  received.length = 0;
  answers = [];
});

function client(token: string | null = 'tok-1') {
  const onSessionRejected = vi.fn();
  const onReachability = vi.fn();
  const api = createApiClient({
    baseUrl: () => baseUrl,
    token: () => token,
    onSessionRejected,
    onReachability,
    retryBaseDelayMs: 1,
  });
  return { api, onSessionRejected, onReachability };
}

describe('API client', () => {
  it('sends GET input as the query string with the bearer token and no idempotency key', async () => {
    answers = [json(200, profile)];
    expect(await client().api.call('profile.get', {})).toEqual(profile);
    expect(received[0]).toMatchObject({ method: 'GET', url: `${API_PREFIX}/me/profile` });
    expect(received[0]!.headers.authorization).toBe('Bearer tok-1');
    expect(received[0]!.headers['idempotency-key']).toBeUndefined();
  });

  it('sends a JSON body and a UUID Idempotency-Key on other methods, without a token on public routes', async () => {
    answers = [json(200, { resendAfterSeconds: 60, expiresInSeconds: 300 })];
    await client().api.call('sms.send', {
      phone: '13800000001',
      purpose: 'login',
      captchaId: '00000000-0000-4000-8000-000000000000',
      captchaText: 'abcd',
    });
    expect(received[0]).toMatchObject({ method: 'POST', url: `${API_PREFIX}/sms/send` });
    expect(JSON.parse(received[0]!.body)).toEqual({
      phone: '13800000001',
      purpose: 'login',
      captchaId: '00000000-0000-4000-8000-000000000000',
      captchaText: 'abcd',
    });
    expect(received[0]!.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(received[0]!.headers.authorization).toBeUndefined();
  });

  it('retries a GET whose connection was dropped, a bounded number of times', async () => {
    answers = [hangUp, hangUp, json(200, profile)];
    const { api, onReachability } = client();
    expect(await api.call('profile.get', {})).toEqual(profile);
    expect(received).toHaveLength(3);
    expect(onReachability).toHaveBeenLastCalledWith(true);

    answers = [hangUp, hangUp, hangUp, json(200, profile)];
    await expect(api.call('profile.get', {})).rejects.toMatchObject({
      code: 'NETWORK',
      message: '无法连接服务器，请检查网络后重试',
    });
    expect(onReachability).toHaveBeenLastCalledWith(false);
  });

  it('does not retry a POST (the outbox will)', async () => {
    answers = [hangUp, json(200, { ok: true })];
    await expect(client().api.call('auth.logout', {})).rejects.toMatchObject({ code: 'NETWORK' });
    expect(received).toHaveLength(1);
  });

  it('turns error bodies into AppError and reports a rejected session', async () => {
    answers = [json(401, { code: 'SESSION_EXPIRED', message: '登录已过期，请重新登录' })];
    const { api, onSessionRejected } = client();
    const error = await api.call('profile.get', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'SESSION_EXPIRED', message: '登录已过期，请重新登录' });
    expect(onSessionRejected).toHaveBeenCalledWith(error);
  });

  it('does not end a session on a 401 of a call made without one (wrong password)', async () => {
    answers = [json(401, { code: 'UNAUTHENTICATED', message: '请先登录' })];
    const { api, onSessionRejected } = client(null);
    await expect(api.call('profile.get', {})).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(onSessionRejected).not.toHaveBeenCalled();
  });

  it('refuses answers that do not match the output schema, and unreadable error bodies', async () => {
    answers = [json(200, { id: 1 }), json(502, '<html>Bad Gateway</html>')];
    const { api } = client();
    await expect(api.call('profile.get', {})).rejects.toMatchObject({ code: 'SERVER_ERROR' });
    await expect(api.call('profile.get', {})).rejects.toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      message: '服务暂时不可用，请稍后重试',
    });
  });
});
