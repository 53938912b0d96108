import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PREFIX, UPLOADS_PATH } from '../../../src-shared/api/routes';
import { DEMO_ACCOUNTS } from '../../../src-server/seed/demoAccounts';
import { backends, startTestServer, type TestServer } from '../../helpers/apiServer';
import { call, login, raw } from './api';

/** Issue 8: refusals that did not name their field in Chinese, or named the wrong problem. */
describe.each(backends())('every refusal names its field (%s)', (backend) => {
  let server: TestServer;
  let token: string;

  beforeAll(async () => {
    server = await startTestServer({ backend, demo: true });
    ({ token } = await login(server, DEMO_ACCOUNTS.person.phone, DEMO_ACCOUNTS.person.password));
  });
  afterAll(async () => {
    await server?.close();
  });

  it('是否空白 KEY that is not a boolean', async () => {
    const reply = await call(
      server,
      'applications.submit',
      { service: 'cert.new.person', values: {}, blankKey: 'yes' },
      token,
    );
    expect(reply.status).toBe(400);
    expect(reply.body.message).toBe('是否空白 KEY：应为是或否');
    expect(reply.body.details?.fields).toEqual([{ field: 'blankKey', message: '是否空白 KEY：应为是或否' }]);
  });

  it('an order without 发票信息, and an application id that is not one', async () => {
    const order = {
      applicationIds: ['00000000-0000-4000-8000-000000000000'],
      paymentMethod: 'transfer',
      mailing: { address: '福建省福州市鼓楼区', recipient: '张三', phone: '13800000001' },
      contactPhone: '13800000001',
    };
    const missing = await call(server, 'orders.create', order, token);
    expect(missing.status).toBe(400);
    expect(missing.body.message).toBe('发票信息：必填');
    const badId = await call(
      server,
      'orders.create',
      {
        ...order,
        applicationIds: ['nope'],
        invoice: { title: '某某公司', taxpayerNumber: '91350100M000100Y43', email: 'a@b.cn' },
      },
      token,
    );
    expect(badId.body.details?.fields).toContainEqual({
      field: 'applicationIds.0',
      message: '申请单第 1 项：编号格式不正确',
    });
  });

  it('an application id in the path', async () => {
    const reply = await call(server, 'applications.get', { id: 'nope' }, token);
    expect(reply.status).toBe(400);
    expect(reply.body.message).toBe('申请单编号：编号格式不正确');
  });

  it('出生日期 and 版本号', async () => {
    const date = await call(server, 'profile.update', { version: 0, birthDate: '2023-13-45' }, token);
    expect(date.status).toBe(400);
    expect(date.body.message).toBe('出生日期：日期无效');
    for (const version of [-1, '1', 2.5]) {
      const reply = await call(server, 'profile.update', { version }, token);
      expect(reply.status).toBe(400);
      expect(reply.body.message).toBe('版本号：应为不小于 0 的整数');
    }
    const none = await call(server, 'profile.update', {}, token);
    expect(none.body.message).toBe('版本号：必填');
  });

  it('a body that is not an object is 请求内容', async () => {
    const reply = await raw(server, 'PUT', `${API_PREFIX}/me/profile`, {
      body: '[1]',
      contentType: 'application/json',
      token,
    });
    expect(reply.status).toBe(400);
    expect(reply.body.message).toBe('请求内容：应为一组字段');
  });

  it('__proto__ in valid JSON, and JSON sent to the upload route, are refused for what they are', async () => {
    const poisoned = await raw(server, 'PUT', `${API_PREFIX}/me/profile`, {
      body: '{"version":1,"__proto__":{"admin":true}}',
      contentType: 'application/json',
      token,
    });
    expect(poisoned.status).toBe(400);
    expect(poisoned.body.message).toMatch(/^请求内容含有不允许的字段 __proto__/);
    const json = await raw(server, 'POST', `${UPLOADS_PATH}?attachment=remittanceSlip`, {
      body: '{"file":"x"}',
      contentType: 'application/json',
      token,
    });
    expect(json.status).toBe(415);
    expect(json.body.message).toMatch(/^上传接口只接受文件本身.*不是 JSON/);
    const query = await raw(server, 'POST', `${UPLOADS_PATH}?attachment=`, {
      body: 'x',
      contentType: 'application/octet-stream',
      token,
    });
    expect(query.status).toBe(400);
    expect(query.body.message).toBe('缺少附件类型');
  });
});
