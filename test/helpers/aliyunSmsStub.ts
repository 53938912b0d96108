import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for Alibaba Cloud SMS's SendSms (RPC, signature version 1.0). It recomputes the
 * documented signature on its own, independent of the adapter's code, and answers as the service does:
 * an unknown AccessKeyId, a signature that does not match, a reused nonce or a missing parameter get the
 * service's error codes; a good request is recorded and gets `Code: OK`.
 */
export interface AliyunSmsStub {
  /** http://127.0.0.1:port/ */
  endpoint: string;
  readonly received: SentSms[];
  close(): Promise<void>;
}

export interface SentSms {
  phone: string;
  signName: string;
  templateCode: string;
  templateParam: Record<string, string>;
}

/** RFC 3986: everything but unreserved characters is %XX (uppercase). */
function encode(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** The documented RPC v1.0 signature, written here on its own so the stub checks the adapter. */
export function documentedSignature(method: string, params: Record<string, string>, secret: string): string {
  const query = Object.entries(params)
    .filter(([key]) => key !== 'Signature')
    .map(([key, value]) => [encode(key), encode(value)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
  const stringToSign = `${method}&${encode('/')}&${encode(query)}`;
  return createHmac('sha1', `${secret}&`).update(stringToSign).digest('base64');
}

const REQUIRED = [
  'AccessKeyId',
  'Action',
  'Format',
  'SignatureMethod',
  'SignatureNonce',
  'SignatureVersion',
  'Timestamp',
  'Version',
  'PhoneNumbers',
  'SignName',
  'TemplateCode',
  'Signature',
];

export async function startAliyunSmsStub(keys: Record<string, string>): Promise<AliyunSmsStub> {
  const received: SentSms[] = [];
  const nonces = new Set<string>();
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const reply = (status: number, body: Record<string, string>) => {
        response.writeHead(status, { 'content-type': 'application/json;charset=utf-8' });
        response.end(JSON.stringify({ RequestId: randomUUID(), ...body }));
      };
      const url = new URL(request.url ?? '/', 'http://stub');
      const form =
        request.method === 'POST'
          ? new URLSearchParams(Buffer.concat(chunks).toString('utf8'))
          : url.searchParams;
      const params = Object.fromEntries(form.entries());
      const missing = REQUIRED.find((key) => !params[key]);
      if (missing) return reply(400, { Code: `MissingParameter`, Message: `${missing} is mandatory.` });
      if (params.Action !== 'SendSms' || params.Version !== '2017-05-25') {
        return reply(404, { Code: 'InvalidAction.NotFound', Message: 'Specified api is not found.' });
      }
      if (params.SignatureMethod !== 'HMAC-SHA1' || params.SignatureVersion !== '1.0') {
        return reply(400, {
          Code: 'InvalidSignatureMethod',
          Message: 'Specified signature method is not supported.',
        });
      }
      const secret = keys[params.AccessKeyId!];
      if (secret === undefined) {
        return reply(404, {
          Code: 'InvalidAccessKeyId.NotFound',
          Message: 'Specified access key is not found.',
        });
      }
      const expected = Buffer.from(documentedSignature(request.method ?? 'GET', params, secret));
      const given = Buffer.from(params.Signature!);
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
        return reply(400, {
          Code: 'SignatureDoesNotMatch',
          Message: 'Specified signature is not matched with our calculation.',
        });
      }
      if (nonces.has(params.SignatureNonce!)) {
        return reply(400, {
          Code: 'SignatureNonceUsed',
          Message: 'Specified signature nonce was used already.',
        });
      }
      nonces.add(params.SignatureNonce!);
      if (Math.abs(Date.parse(params.Timestamp!) - Date.now()) > 15 * 60_000) {
        return reply(400, {
          Code: 'InvalidTimeStamp.Expired',
          Message: 'Specified time stamp or date value is expired.',
        });
      }
      if (!/^1[3-9]\d{9}$/.test(params.PhoneNumbers!)) {
        return reply(200, { Code: 'isv.MOBILE_NUMBER_ILLEGAL', Message: '非法手机号' });
      }
      received.push({
        phone: params.PhoneNumbers!,
        signName: params.SignName!,
        templateCode: params.TemplateCode!,
        templateParam: JSON.parse(params.TemplateParam ?? '{}') as Record<string, string>,
      });
      return reply(200, { Code: 'OK', Message: 'OK', BizId: randomUUID() });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}/`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
