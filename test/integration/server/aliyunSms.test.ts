import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AliyunSmsProvider } from '../../../src-server/sms/aliyunSms';
import { documentedSignature, startAliyunSmsStub, type AliyunSmsStub } from '../../helpers/aliyunSmsStub';

const message = {
  phone: '13900001234',
  code: '482913',
  purpose: 'login' as const,
  sentAt: new Date(),
  validMinutes: 5,
};

describe('Alibaba Cloud SMS adapter against a stub that checks the signature', () => {
  let stub: AliyunSmsStub;
  beforeAll(async () => {
    stub = await startAliyunSmsStub({ 'key-id': 'key-secret' });
  });
  afterAll(() => stub?.close());

  const provider = (accessKeySecret: string) =>
    new AliyunSmsProvider({
      accessKeyId: 'key-id',
      accessKeySecret,
      signName: '证书服务中心',
      templateCode: 'SMS_0001',
      endpoint: stub.endpoint,
    });

  it("the stub's own signer reproduces the documentation's example", () => {
    const params = {
      TimeStamp: '2016-02-23T12:46:24Z',
      Format: 'XML',
      AccessKeyId: 'testid',
      Action: 'DescribeRegions',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf',
      Version: '2014-05-26',
      SignatureVersion: '1.0',
    };
    expect(documentedSignature('GET', params, 'testsecret')).toBe('CT9X0VtwR86fNWSnsc6v8YGOjuE=');
  });

  it('sends a correctly signed SendSms with the code as template parameter', async () => {
    await provider('key-secret').send(message);
    expect(stub.received.at(-1)).toEqual({
      phone: message.phone,
      signName: '证书服务中心',
      templateCode: 'SMS_0001',
      templateParam: { code: '482913' },
    });
  });

  it("a wrong secret gets the provider's refusal, as a Chinese AppError", async () => {
    const before = stub.received.length;
    await expect(provider('wrong-secret').send(message)).rejects.toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      message: expect.stringMatching(
        /^短信服务拒绝了请求：AccessKey 无效或签名不符（SignatureDoesNotMatch）/,
      ),
      details: { providerCode: 'SignatureDoesNotMatch' },
    });
    expect(stub.received.length).toBe(before);
  });
});
