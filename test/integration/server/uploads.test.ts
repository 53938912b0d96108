import { randomBytes } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UPLOADS_PATH } from '../../../src-shared/api/routes';
import { blobs, uploads } from '../../../src-server/db/schema';
import { DEMO_ACCOUNTS } from '../../../src-server/seed/demoAccounts';
import { purgeExpired } from '../../../src-server/services/housekeeping';
import { DEFAULT_LIMITS } from '../../../src-server/limits';
import { backends, ManualClock, startTestServer, type TestServer } from '../../helpers/apiServer';
import { freshPhone, login, RELAXED_LIMITS, registerByPhone } from './api';
import { enterpriseForm, enterpriseScans, pdfBytes, pngBytes, upload, uploadOk } from './fixtures';
import { ok } from './api';
import { softKey } from './keys';

const QUOTA = 64 * 1024;
const licence = { service: 'cert.new.enterprise', attachment: 'businessLicence' };

describe.each(backends())('uploads: session first, real images, a quota, purge (%s)', (backend) => {
  let server: TestServer;
  const clock = new ManualClock('2025-03-10T06:00:00Z');
  let operator: string;

  beforeAll(async () => {
    server = await startTestServer({
      backend,
      clock,
      demo: true,
      limits: { ...RELAXED_LIMITS, uploadQuotaBytes: QUOTA },
    });
    operator = (await login(server, DEMO_ACCOUNTS.operator.phone, DEMO_ACCOUNTS.operator.password)).token;
  });
  afterAll(async () => {
    await server?.close();
  });

  /** A fresh account, so each quota starts empty. */
  async function newAccount(): Promise<string> {
    const phone = freshPhone();
    await registerByPhone(server, phone);
    return (await login(server, phone)).token;
  }

  it('refuses an upload without a session before its body is read', async () => {
    const total = 5 * 1024 * 1024;
    const url = new URL(
      `${server.url}${UPLOADS_PATH}?service=cert.new.enterprise&attachment=businessLicence`,
    );
    const request = httpRequest(url, {
      method: 'POST',
      headers: { 'content-type': 'image/png', 'content-length': String(total) },
    });
    request.on('error', () => undefined); // the server may close the connection on the unread rest
    const answered = new Promise<IncomingMessage>((resolve) => request.on('response', resolve));
    // Only the first 64 KB of 5 MB: a server that waits for the whole body never answers.
    request.write(Buffer.alloc(64 * 1024, 1));
    const response = await answered;
    const chunks: Buffer[] = [];
    for await (const chunk of response) chunks.push(chunk as Buffer);
    request.destroy();
    expect(response.statusCode).toBe(401);
    expect(JSON.parse(Buffer.concat(chunks).toString('utf8'))).toMatchObject({
      code: 'UNAUTHENTICATED',
      message: '请先登录',
    });
  }, 20_000);

  it('refuses a JSON body on the upload route, saying the route takes the file bytes', async () => {
    const reply = await upload(server, operator, licence, Buffer.from('{"file":"x"}'), 'application/json');
    expect(reply.status).toBe(415);
    expect(reply.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(reply.body.message).toMatch(/上传接口只接受文件本身.*Content-Type 为 image\/png/);
  });

  it('decodes images: a PNG or JPEG header before random or cut-off data is refused, naming the attachment', async () => {
    const token = await newAccount();
    const goodPng = pngBytes(200, 150, 0);
    const goodJpeg = await sharp(goodPng).jpeg().toBuffer();
    const corrupt = [
      Buffer.concat([goodPng.subarray(0, 33), randomBytes(3_000)]), // a valid IHDR, then noise
      goodPng.subarray(0, Math.floor(goodPng.length * 0.6)),
      Buffer.concat([goodJpeg.subarray(0, 200), randomBytes(3_000)]),
      goodJpeg.subarray(0, Math.floor(goodJpeg.length * 0.6)),
    ];
    for (const bytes of corrupt) {
      const reply = await upload(server, token, licence, bytes);
      expect(reply.status).toBe(400);
      expect(reply.body.code).toBe('ATTACHMENT_INVALID');
      expect(reply.body.message).toMatch(/^营业执照扫描件：图片已损坏或不是有效的 (PNG|JPG) 图片/);
    }
    const png = await uploadOk(server, token, licence, goodPng);
    expect(png).toMatchObject({ kind: 'png', width: 200, height: 150 });
    const jpeg = await uploadOk(server, token, licence, goodJpeg);
    expect(jpeg).toMatchObject({ kind: 'jpeg', width: 200, height: 150 });
    expect(await server.db.$count(uploads, eq(uploads.id, png.id))).toBe(1);
  });

  it('refuses a PDF cut off before its %%EOF trailer', async () => {
    const token = await newAccount();
    const whole = Buffer.concat([pdfBytes('licence'), Buffer.alloc(500, 0x20)]);
    const reply = await upload(server, token, licence, Buffer.from('%PDF-1.4\n% cut off here'));
    expect(reply.status).toBe(400);
    expect(reply.body.message).toMatch(/^营业执照扫描件：PDF 文件不完整/);
    expect((await uploadOk(server, token, licence, whole)).kind).toBe('pdf');
  });

  it("keeps each account's uploads within its quota, and says what to do", async () => {
    const token = await newAccount();
    const file = () => pdfBytes(randomBytes(12_000).toString('hex')); // ~24 KB
    await uploadOk(server, token, licence, file());
    await uploadOk(server, token, licence, file());
    const before = await server.db.$count(uploads);
    const refused = await upload(server, token, licence, file());
    expect(refused.status).toBe(413);
    expect(refused.body.code).toBe('UPLOAD_QUOTA_EXCEEDED');
    expect(refused.body.message).toMatch(/上传的文件总量已达上限 64 KB.*一天后自动清除/);
    expect(await server.db.$count(uploads)).toBe(before);
    // Another account is not held to this one's total.
    await uploadOk(server, await newAccount(), licence, file());
  });

  it('purges uploads nothing uses a day after they came, and keeps the ones an application uses', async () => {
    clock.set('2025-03-10T06:00:00Z');
    const key = await softKey('RSA');
    const unused = await uploadOk(
      server,
      operator,
      licence,
      pdfBytes(`unused ${randomBytes(8).toString('hex')}`),
    );
    const scans = await enterpriseScans(server, operator);
    await ok(
      server,
      'applications.submit',
      { service: 'cert.new.enterprise', values: enterpriseForm(), attachments: scans, csrPem: key.csrPem },
      operator,
    );
    const exists = async (id: string) => (await server.db.$count(uploads, eq(uploads.id, id))) === 1;

    clock.advance(23 * 60 * 60);
    await purgeExpired(server.db, clock, DEFAULT_LIMITS);
    expect(await exists(unused.id)).toBe(true); // within the day: a form may still be on its way

    clock.advance(2 * 60 * 60);
    await purgeExpired(server.db, clock, DEFAULT_LIMITS);
    expect(await exists(unused.id)).toBe(false);
    expect(await server.db.$count(blobs, eq(blobs.sha256, unused.sha256))).toBe(0);
    for (const id of Object.values(scans)) expect(await exists(id)).toBe(true);
  });
});
