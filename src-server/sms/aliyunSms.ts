import { createHmac, randomUUID } from 'node:crypto';
import { AppError } from '../../src-shared/errors';
import type { SmsMessage, SmsProvider } from './provider';

/** Alibaba Cloud SMS (dysmsapi 2017-05-25) as the deployment configures it. */
export interface AliyunSmsConfig {
  accessKeyId: string;
  accessKeySecret: string;
  /** 短信签名, as approved in the console. */
  signName: string;
  /** The approved verification-code template; its variable is `${code}`. */
  templateCode: string;
  /** The RPC endpoint; overridable for a regional endpoint or a local stand-in. */
  endpoint?: string;
  /** Give up on a request after this long. */
  timeoutMs?: number;
}

export const ALIYUN_SMS_ENDPOINT = 'https://dysmsapi.aliyuncs.com/';
const API_VERSION = '2017-05-25';

/** RFC 3986 percent-encoding, as the RPC signature (version 1.0) requires: only A–Z a–z 0–9 - _ . ~ stay. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * The documented RPC signature: HMAC-SHA1 keyed with `secret + "&"` over
 * `METHOD&%2F&percentEncode(sorted, percent-encoded query)`, base64.
 */
export function rpcSignature(method: string, params: Record<string, string>, secret: string): string {
  const canonical = Object.keys(params)
    .filter((key) => key !== 'Signature')
    .sort()
    .map((key) => `${percentEncode(key)}=${percentEncode(params[key]!)}`)
    .join('&');
  const stringToSign = `${method}&${percentEncode('/')}&${percentEncode(canonical)}`;
  return createHmac('sha1', `${secret}&`).update(stringToSign, 'utf8').digest('base64');
}

interface RpcReply {
  Code?: string;
  Message?: string;
  RequestId?: string;
}

/** Sends verification codes through Alibaba Cloud SMS's signed HTTP API. */
export class AliyunSmsProvider implements SmsProvider {
  readonly name = 'aliyun';
  readonly isDevelopment = false;
  private readonly endpoint: string;

  constructor(private readonly config: AliyunSmsConfig) {
    this.endpoint = config.endpoint ?? ALIYUN_SMS_ENDPOINT;
  }

  async send(message: SmsMessage): Promise<void> {
    const params: Record<string, string> = {
      AccessKeyId: this.config.accessKeyId,
      Action: 'SendSms',
      Format: 'JSON',
      RegionId: 'cn-hangzhou',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: randomUUID(),
      SignatureVersion: '1.0',
      Timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      Version: API_VERSION,
      PhoneNumbers: message.phone,
      SignName: this.config.signName,
      TemplateCode: this.config.templateCode,
      TemplateParam: JSON.stringify({ code: message.code }),
    };
    params.Signature = rpcSignature('POST', params, this.config.accessKeySecret);
    const body = Object.entries(params)
      .map(([key, value]) => `${percentEncode(key)}=${percentEncode(value)}`)
      .join('&');

    let response: Response;
    try {
      response = await fetch(this.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body,
        signal: AbortSignal.timeout(this.config.timeoutMs ?? 10_000),
      });
    } catch (error) {
      throw new AppError(
        'SERVICE_UNAVAILABLE',
        '连接短信服务失败，请检查网络或短信服务地址（sms.endpoint）',
        {
          cause: error instanceof Error ? error.message : String(error),
        },
      );
    }
    const reply = await readReply(response);
    if (response.ok && reply.Code === 'OK') return;
    throw providerError(response.status, reply);
  }
}

async function readReply(response: Response): Promise<RpcReply> {
  try {
    const parsed: unknown = await response.json();
    return typeof parsed === 'object' && parsed !== null ? (parsed as RpcReply) : {};
  } catch {
    return {};
  }
}

/** The provider's refusal in Chinese for the log and the operator, its own code and request id kept. */
function providerError(status: number, reply: RpcReply): AppError {
  const code = reply.Code ?? `HTTP ${status}`;
  const details = {
    provider: 'aliyun',
    providerCode: code,
    providerMessage: reply.Message,
    requestId: reply.RequestId,
  };
  if (code === 'SignatureDoesNotMatch' || code.startsWith('InvalidAccessKeyId')) {
    return new AppError(
      'SERVICE_UNAVAILABLE',
      `短信服务拒绝了请求：AccessKey 无效或签名不符（${code}），请检查配置项 sms.accessKeyId / sms.accessKeySecret`,
      details,
    );
  }
  if (code === 'isv.BUSINESS_LIMIT_CONTROL') {
    return new AppError('SMS_RATE_LIMITED', '该手机号获取验证码过于频繁，请稍后再试', details);
  }
  if (code === 'isv.MOBILE_NUMBER_ILLEGAL') {
    return new AppError('VALIDATION', '手机号码格式不正确，请检查后重试', {
      ...details,
      fields: [{ field: 'phone', message: '手机号码格式不正确' }],
    });
  }
  if (
    code.startsWith('isv.SMS_SIGNATURE') ||
    code.startsWith('isv.SMS_TEMPLATE') ||
    code === 'isv.TEMPLATE_MISSING_PARAMETERS'
  ) {
    return new AppError(
      'SERVICE_UNAVAILABLE',
      `短信服务拒绝了签名或模板（${code}），请检查配置项 sms.signName / sms.templateCode`,
      details,
    );
  }
  return new AppError('SERVICE_UNAVAILABLE', `短信服务暂时无法发送（${code}），请稍后重试`, details);
}
