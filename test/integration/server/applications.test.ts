import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UPLOADS_PATH } from '../../../src-shared/api/routes';
import {
  accounts,
  applications,
  applicationTransitions,
  blobs,
  uploads,
} from '../../../src-server/db/schema';
import { DEMO_ACCOUNTS } from '../../../src-server/seed/demoAccounts';
import { backends, ManualClock, startTestServer, type TestServer } from '../../helpers/apiServer';
import { call, freshPhone, login, ok, RELAXED_LIMITS, registerByPhone, type Reply } from './api';
import {
  enterpriseForm,
  enterpriseScans,
  freshCreditCode,
  pdfBytes,
  pngBytes,
  upload,
  uploadOk,
} from './fixtures';
import { softKey, type SoftKey } from './keys';

describe.each(backends())('applications and uploads (%s)', (backend) => {
  let server: TestServer;
  const clock = new ManualClock('2025-03-10T06:00:00Z');
  let operator: string;
  let person: string;
  let staff: string;
  let financeOnly: string;
  let reviewerOnly: string;
  let issuerOnly: string;
  let key: SoftKey;

  beforeAll(async () => {
    server = await startTestServer({ backend, clock, demo: true, limits: RELAXED_LIMITS });
    const tokenOf = async (who: 'operator' | 'person' | 'staff') =>
      (await login(server, DEMO_ACCOUNTS[who].phone, DEMO_ACCOUNTS[who].password)).token;
    operator = await tokenOf('operator');
    person = await tokenOf('person');
    staff = await tokenOf('staff');
    const withOnly = async (role: 'finance' | 'reviewer' | 'issuer') => {
      const phone = freshPhone();
      const id = await registerByPhone(server, phone);
      await server.db
        .update(accounts)
        .set({ roles: [role] })
        .where(eq(accounts.id, id));
      return (await login(server, phone)).token;
    };
    financeOnly = await withOnly('finance');
    reviewerOnly = await withOnly('reviewer');
    issuerOnly = await withOnly('issuer');
    key = await softKey('RSA');
  });
  afterAll(async () => {
    await server?.close();
  });

  /** What a refused request must leave as it was. */
  async function snapshot() {
    const [a] = await server.db.select({ n: count() }).from(applications);
    const [t] = await server.db.select({ n: count() }).from(applicationTransitions);
    const [u] = await server.db.select({ n: count() }).from(uploads);
    const [b] = await server.db.select({ n: count() }).from(blobs);
    const rows = await server.db
      .select({ id: applications.id, version: applications.version, state: applications.state })
      .from(applications)
      .orderBy(applications.id);
    return { applications: a?.n, transitions: t?.n, uploads: u?.n, blobs: b?.n, rows };
  }

  async function expectRefused(
    request: () => Promise<Reply<{ code: string; message: string }>>,
    status: number,
    code: string,
    message: RegExp,
  ) {
    const before = await snapshot();
    const reply = await request();
    expect({ status: reply.status, code: reply.body.code }).toEqual({ status, code });
    expect(reply.body.message).toMatch(message);
    expect(await snapshot()).toEqual(before);
    return reply;
  }

  async function submitEnterprise(extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
    return call(
      server,
      'applications.submit',
      {
        service: 'cert.new.enterprise',
        values: enterpriseForm(),
        attachments: await enterpriseScans(server, operator),
        csrPem: key.csrPem,
        ...extra,
      },
      operator,
      headers,
    );
  }

  describe('uploads', () => {
    it('checks the content, stores it once per hash and returns an id', async () => {
      const bytes = pngBytes(1024, 768);
      const first = await uploadOk(
        server,
        operator,
        {
          service: 'cert.new.enterprise',
          attachment: 'idCardFront',
          fileName: '身份证.png',
        },
        bytes,
      );
      expect(first).toMatchObject({
        kind: 'png',
        width: 1024,
        height: 768,
        size: bytes.length,
        fileName: '身份证.png',
      });
      const before = await snapshot();
      const again = await uploadOk(
        server,
        person,
        { service: 'cert.new.person', attachment: 'idCardFront' },
        bytes,
      );
      expect(again.sha256).toBe(first.sha256);
      const after = await snapshot();
      expect(after.blobs).toBe(before.blobs);
      expect(after.uploads).toBe(Number(before.uploads) + 1);
    });

    it('refuses a file whose content is not what its name says, and one of no allowed type', async () => {
      const query = { service: 'cert.new.enterprise', attachment: 'idCardFront' };
      await expectRefused(
        () => upload(server, operator, { ...query, fileName: 'photo.png' }, pdfBytes()),
        400,
        'ATTACHMENT_INVALID',
        /文件名为 \.png，但内容是 PDF 文件/,
      );
      await expectRefused(
        () => upload(server, operator, { ...query, fileName: 'photo.jpg' }, Buffer.from('GIF89a not a scan')),
        400,
        'ATTACHMENT_INVALID',
        /文件内容不是 JPG\/PNG\/PDF 格式/,
      );
      await expectRefused(
        () => upload(server, operator, query, Buffer.alloc(0)),
        400,
        'ATTACHMENT_INVALID',
        /文件是空的/,
      );
    });

    it('refuses an oversize upload, by the rule and by the body limit', async () => {
      const query = { service: 'cert.new.enterprise', attachment: 'businessLicence' };
      await expectRefused(
        () => upload(server, operator, query, pngBytes(100, 100, 5 * 1024 * 1024)),
        413,
        'PAYLOAD_TOO_LARGE',
        /文件不能超过 5 MB/,
      );
      await expectRefused(
        () => upload(server, operator, query, pngBytes(100, 100, 6 * 1024 * 1024)),
        413,
        'PAYLOAD_TOO_LARGE',
        /过大/,
      );
    });

    it('refuses an unknown attachment, a missing session, and JSON bodies', async () => {
      await expectRefused(
        () => upload(server, operator, { service: 'cert.new.enterprise', attachment: 'selfie' }, pngBytes()),
        400,
        'VALIDATION',
        /附件类型不正确/,
      );
      await expectRefused(
        () =>
          upload(
            server,
            undefined,
            { service: 'cert.new.enterprise', attachment: 'idCardFront' },
            pngBytes(),
          ),
        401,
        'UNAUTHENTICATED',
        /请先登录/,
      );
      await expectRefused(
        () =>
          upload(
            server,
            operator,
            { service: 'cert.new.enterprise', attachment: 'idCardFront' },
            Buffer.from('{}'),
            'application/json',
          ),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        /上传接口只接受文件本身.*不是 JSON/,
      );
    });

    it('lets the owner, and staff whose queue holds its application, download a file; nobody else', async () => {
      const bytes = pdfBytes('licence');
      const licence = await uploadOk(
        server,
        operator,
        { service: 'cert.new.enterprise', attachment: 'businessLicence', fileName: '执照.pdf' },
        bytes,
      );
      const get = (token: string) =>
        fetch(`${server.url}${UPLOADS_PATH}/${licence.id}`, {
          headers: { authorization: `Bearer ${token}` },
        });
      const mine = await get(operator);
      expect(mine.status).toBe(200);
      expect(mine.headers.get('content-type')).toBe('application/pdf');
      expect(mine.headers.get('content-disposition')).toContain(encodeURIComponent('执照.pdf'));
      expect(Buffer.from(await mine.arrayBuffer())).toEqual(bytes);
      // In no application yet: in nobody's queue.
      expect((await get(staff)).status).toBe(404);

      const submitted = await submitEnterprise({
        attachments: { ...(await enterpriseScans(server, operator)), businessLicence: licence.id },
      });
      expect(submitted.status).toBe(200);
      // 待审核 is the reviewers' queue: not finance's, not the issuers'.
      expect((await get(reviewerOnly)).status).toBe(200);
      expect((await get(staff)).status).toBe(200);
      for (const outsider of [financeOnly, issuerOnly, person]) {
        const refused = await get(outsider);
        expect(refused.status).toBe(404);
        expect(((await refused.json()) as { code: string }).code).toBe('NOT_FOUND');
      }
      // Accepted, it moves to the issuers' queue and leaves the reviewers'.
      await ok(
        server,
        'applications.transition',
        { id: submitted.body.id, name: 'accept', version: submitted.body.version },
        reviewerOnly,
      );
      expect((await get(issuerOnly)).status).toBe(200);
      expect((await get(reviewerOnly)).status).toBe(404);
    });
  });

  describe('submitting', () => {
    it('creates and submits an application; the timeline records the submit', async () => {
      const reply = await submitEnterprise();
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({
        service: 'cert.new.enterprise',
        serviceName: '企业证书新办',
        state: 'pending',
        stateLabel: '待审核',
        hasCsr: true,
        blankKey: false,
        feeFen: 400_00,
        version: 1,
        applicantName: DEMO_ACCOUNTS.operator.name,
        enterpriseCreditCode: enterpriseForm().creditCode,
      });
      expect(reply.body.timeline).toEqual([
        expect.objectContaining({
          transition: 'submit',
          from: 'draft',
          to: 'pending',
          actor: { role: 'applicant', name: DEMO_ACCOUNTS.operator.name },
        }),
      ]);
    });

    it('a second submit with the same Idempotency-Key returns the first result and creates nothing', async () => {
      const attachments = await enterpriseScans(server, operator);
      const input = {
        service: 'cert.new.enterprise',
        values: enterpriseForm(),
        attachments,
        csrPem: key.csrPem,
      };
      const headers = { 'idempotency-key': 'submit-0001-abcdef' };
      const first = await ok(server, 'applications.submit', input, operator);
      expect(first.id).toBeTruthy();
      const keyed = await call(server, 'applications.submit', input, operator, headers);
      const before = await snapshot();
      const again = await call(server, 'applications.submit', input, operator, headers);
      expect(again.status).toBe(200);
      expect(again.body.id).toBe(keyed.body.id);
      expect(await snapshot()).toEqual(before);
      // The repeat is answered by the first even where it would be refused now (checks come first).
      const changed = await call(
        server,
        'applications.submit',
        { ...input, attachments: {} },
        operator,
        headers,
      );
      expect(changed.status).toBe(200);
      expect(changed.body.id).toBe(keyed.body.id);
      expect(await snapshot()).toEqual(before);
      // Two at once with a new key: still one application.
      const racing = { 'idempotency-key': 'submit-0002-abcdef' };
      const [a, b] = await Promise.all([
        call(server, 'applications.submit', input, operator, racing),
        call(server, 'applications.submit', input, operator, racing),
      ]);
      expect([a.status, b.status]).toEqual([200, 200]);
      expect(a.body.id).toBe(b.body.id);
      expect((await snapshot()).applications).toBe(Number(before.applications) + 1);
    });

    it('a client-made id submitted twice is one application', async () => {
      const id = crypto.randomUUID();
      const first = await submitEnterprise({ id });
      expect(first.body.id).toBe(id);
      const before = await snapshot();
      const again = await submitEnterprise({ id });
      expect(again.body.id).toBe(id);
      expect((await snapshot()).applications).toBe(before.applications);
      // Someone else's id is not theirs to read or reuse.
      const theirs = await call(
        server,
        'applications.submit',
        {
          id,
          service: 'cert.new.person',
          values: {},
        },
        person,
      );
      expect(theirs.status).toBe(400);
    });

    it('refuses a locked field that differs from the profile', async () => {
      const attachments = await enterpriseScans(server, operator);
      const reply = await expectRefused(
        () =>
          call(
            server,
            'applications.submit',
            {
              service: 'cert.new.enterprise',
              values: { ...enterpriseForm(), operatorName: '赵六' },
              attachments,
              csrPem: key.csrPem,
            },
            operator,
          ),
        400,
        'FIELD_LOCKED',
        /经办人姓名由系统登记，不能修改/,
      );
      expect(reply.body).toMatchObject({ details: { fields: [{ field: 'operatorName' }] } });
    });

    it('refuses an applicant of the wrong kind, with the reason', async () => {
      await expectRefused(
        () =>
          call(
            server,
            'applications.submit',
            { service: 'cert.new.enterprise', values: enterpriseForm(), csrPem: key.csrPem },
            person,
          ),
        403,
        'FORBIDDEN',
        /只能由企业经办人申请/,
      );
    });

    it('refuses a form that breaks its rules, naming every field', async () => {
      const attachments = await enterpriseScans(server, operator);
      const reply = await expectRefused(
        () =>
          call(
            server,
            'applications.submit',
            {
              service: 'cert.new.enterprise',
              values: { ...enterpriseForm(), extra: 1 },
              attachments,
              csrPem: key.csrPem,
            },
            operator,
          ),
        400,
        'VALIDATION',
        /不属于「企业证书新办」的字段：extra/,
      );
      expect(reply.body).toMatchObject({ details: { fields: [{ field: '' }] } });
      const fields = await expectRefused(
        () =>
          call(
            server,
            'applications.submit',
            {
              service: 'cert.new.enterprise',
              values: { ...enterpriseForm(), creditCode: '91350100MA2Y0C3K1X', agreement: false },
              attachments,
              csrPem: key.csrPem,
            },
            operator,
          ),
        400,
        'VALIDATION',
        /统一社会信用代码/,
      );
      const named = (fields.body as unknown as { details: { fields: { field: string }[] } }).details.fields;
      expect(named.map((field) => field.field).sort()).toEqual(['agreement', 'creditCode']);
    });

    it('refuses missing uploads and uploads made for another attachment or by another account', async () => {
      const scans = await enterpriseScans(server, operator);
      const values = enterpriseForm();
      const submit = (attachments: Record<string, string>, token = operator) =>
        call(
          server,
          'applications.submit',
          { service: 'cert.new.enterprise', values, attachments, csrPem: key.csrPem },
          token,
        );
      await expectRefused(
        () => submit({ idCardFront: scans.idCardFront!, idCardBack: scans.idCardBack! }),
        400,
        'VALIDATION',
        /请上传营业执照扫描件/,
      );
      await expectRefused(
        () => submit({ ...scans, businessLicence: scans.idCardFront! }),
        400,
        'VALIDATION',
        /营业执照扫描件未找到/,
      );
      const foreign = await uploadOk(
        server,
        person,
        { service: 'cert.new.enterprise', attachment: 'businessLicence' },
        pdfBytes('x'),
      );
      await expectRefused(
        () => submit({ ...scans, businessLicence: foreign.id }),
        400,
        'VALIDATION',
        /营业执照扫描件未找到/,
      );
      // The uploads are judged before the key request: with a broken one too, theirs is the refusal.
      const der = Buffer.from(key.csrPem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
      der.writeUInt8(der.readUInt8(der.length - 5) ^ 0xff, der.length - 5);
      const broken = `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64')}\n-----END CERTIFICATE REQUEST-----\n`;
      const both = await call(
        server,
        'applications.submit',
        {
          service: 'cert.new.enterprise',
          values,
          attachments: { ...scans, businessLicence: foreign.id },
          csrPem: broken,
        },
        operator,
      );
      expect(both.status).toBe(400);
      expect(both.body).toMatchObject({
        code: 'VALIDATION',
        details: {
          fields: [{ field: 'attachments.businessLicence', message: '营业执照扫描件未找到，请重新上传' }],
        },
      });
      // Nothing refused took a 申请单号: the next one accepted has the number after the last.
      const numberOf = async () => {
        const made = await ok(
          server,
          'applications.submit',
          { service: 'cert.new.enterprise', values, attachments: scans, csrPem: key.csrPem },
          operator,
        );
        return Number(made.number?.slice(-4));
      };
      const before = await numberOf();
      await expectRefused(
        () => submit({ ...scans, businessLicence: foreign.id }),
        400,
        'VALIDATION',
        /未找到/,
      );
      expect(await numberOf()).toBe(before + 1);
    });

    it('needs a key request, or the blank KEY brought to the counter; a broken request is refused', async () => {
      const attachments = await enterpriseScans(server, operator);
      const base = { service: 'cert.new.enterprise', values: enterpriseForm(), attachments };
      await expectRefused(
        () => call(server, 'applications.submit', base, operator),
        400,
        'VALIDATION',
        /空白 KEY/,
      );
      const der = Buffer.from(key.csrPem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
      der.writeUInt8(der.readUInt8(der.length - 5) ^ 0xff, der.length - 5); // inside the signature
      const broken = `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64')}\n-----END CERTIFICATE REQUEST-----\n`;
      await expectRefused(
        () => call(server, 'applications.submit', { ...base, csrPem: broken }, operator),
        400,
        'CSR_INVALID',
        /证书请求/,
      );
      const blank = await ok(server, 'applications.submit', { ...base, blankKey: true }, operator);
      expect(blank).toMatchObject({ hasCsr: false, blankKey: true, state: 'pending' });
      // Checked requests are remembered, refused ones are not: the same broken one is refused again.
      const good = await ok(server, 'applications.submit', { ...base, csrPem: key.csrPem }, operator);
      expect(good).toMatchObject({ hasCsr: true, state: 'pending' });
      await expectRefused(
        () => call(server, 'applications.submit', { ...base, csrPem: broken }, operator),
        400,
        'CSR_INVALID',
        /证书请求的签名无效/,
      );
    });
  });

  describe('reading', () => {
    it('lists my applications with filters; others and staff see by their own rules', async () => {
      const mine = await ok(server, 'applications.listMine', { service: 'cert.new.enterprise' }, operator);
      expect(mine.items.length).toBeGreaterThan(0);
      expect(mine.items.every((item) => item.service === 'cert.new.enterprise')).toBe(true);
      expect((await ok(server, 'applications.listMine', { state: 'shipped' }, operator)).items).toEqual([]);
      expect((await ok(server, 'applications.listMine', {}, person)).items).toEqual([]);

      const id = mine.items[0]!.id;
      const theirs = await call(server, 'applications.get', { id }, person);
      expect({ status: theirs.status, code: theirs.body.code }).toEqual({ status: 404, code: 'NOT_FOUND' });
      expect((await ok(server, 'applications.get', { id }, staff)).id).toBe(id);
      const missing = await call(server, 'applications.get', { id: crypto.randomUUID() }, operator);
      expect(missing.status).toBe(404);
    });

    it('the staff queue is for staff only, filtered and searched', async () => {
      await expectRefused(() => call(server, 'staff.applications', {}, person), 403, 'FORBIDDEN', /只有/);
      await expectRefused(() => call(server, 'staff.applications', {}, operator), 403, 'FORBIDDEN', /只有/);
      const other = freshCreditCode();
      const attachments = await enterpriseScans(server, operator);
      await ok(
        server,
        'applications.submit',
        {
          service: 'cert.new.enterprise',
          values: enterpriseForm({ name: '厦门远航_物流%有限公司', creditCode: other }),
          attachments,
          csrPem: key.csrPem,
        },
        operator,
      );
      const found = await ok(server, 'staff.applications', { state: 'pending', search: '远航_物流%' }, staff);
      expect(found.items.map((item) => item.enterpriseCreditCode)).toEqual([other]);
      expect((await ok(server, 'staff.applications', { search: '_%' }, staff)).items).toEqual([]);
      expect(
        (await ok(server, 'staff.applications', { service: 'cert.new.person' }, financeOnly)).items,
      ).toEqual([]);
    });
  });

  describe('moves and edits', () => {
    let id: string;
    let version: number;

    beforeAll(async () => {
      const reply = await submitEnterprise();
      id = reply.body.id;
      version = reply.body.version;
    });

    const move = (name: string, token: string, extra: Record<string, unknown> = {}) =>
      call(server, 'applications.transition', { id, name, version, ...extra }, token);

    it('refuses a move by the wrong role, with who may take it', async () => {
      await expectRefused(() => move('accept', operator), 403, 'FORBIDDEN', /只有审核员可以受理/);
      await expectRefused(() => move('accept', financeOnly), 403, 'FORBIDDEN', /只有审核员可以受理/);
      // Staff of another application is not its applicant.
      await expectRefused(() => move('withdraw', staff), 403, 'FORBIDDEN', /只有申请人可以撤回申请/);
      await expectRefused(() => move('accept', person), 404, 'NOT_FOUND', /申请单不存在/);
    });

    it('refuses a move out of order, an unknown move and a stale version', async () => {
      await expectRefused(
        () => move('ship', staff, { trackingNumber: 'SF1234567890' }),
        409,
        'TRANSITION_NOT_ALLOWED',
        /当前状态为「待审核」，不能寄出/,
      );
      await expectRefused(() => move('issue', staff), 409, 'TRANSITION_NOT_ALLOWED', /不能发证/);
      await expectRefused(
        () => move('launch', staff),
        409,
        'TRANSITION_NOT_ALLOWED',
        /没有「launch」这一操作/,
      );
      await expectRefused(
        () => call(server, 'applications.transition', { id, name: 'accept', version: version + 5 }, staff),
        409,
        'VERSION_CONFLICT',
        /已在别处修改/,
      );
    });

    it('a rejection needs feedback; an edited 审核未过 goes back to 待审核', async () => {
      await expectRefused(() => move('reject', staff), 400, 'VALIDATION', /请填写审核意见/);
      const rejected = await ok(
        server,
        'applications.transition',
        { id, name: 'reject', version, feedback: '营业执照不清晰，请重新扫描' },
        staff,
      );
      expect(rejected).toMatchObject({ state: 'rejected', stateLabel: '审核未过', version: version + 1 });
      expect(rejected.timeline.at(-1)).toMatchObject({
        transition: 'reject',
        actor: { role: 'reviewer', name: DEMO_ACCOUNTS.staff.name },
        feedback: '营业执照不清晰，请重新扫描',
      });
      const edited = await ok(
        server,
        'applications.edit',
        {
          id,
          version: rejected.version,
          values: { ...enterpriseForm(), operatorPhone: '0591-87654321' },
          attachments: await enterpriseScans(server, operator),
          csrPem: key.csrPem,
        },
        operator,
      );
      expect(edited).toMatchObject({ state: 'pending', values: { operatorPhone: '0591-87654321' } });
      expect(edited.timeline.map((step) => step.transition)).toEqual(['submit', 'reject', 'resubmit']);
      version = edited.version;
    });

    it('an edit after 申请受理中 is refused with the reason, and changes nothing', async () => {
      const accepted = await ok(server, 'applications.transition', { id, name: 'accept', version }, staff);
      expect(accepted.stateLabel).toBe('申请受理中');
      version = accepted.version;
      const attachments = await enterpriseScans(server, operator);
      await expectRefused(
        () =>
          call(
            server,
            'applications.edit',
            { id, version, values: enterpriseForm(), attachments, csrPem: key.csrPem },
            operator,
          ),
        409,
        'STATE_FORBIDS_EDIT',
        /当前状态为「申请受理中」，不能编辑，请联系客服/,
      );
      await expectRefused(() => move('withdraw', operator), 409, 'TRANSITION_NOT_ALLOWED', /不能撤回申请/);
      await expectRefused(
        () => call(server, 'applications.delete', { id, version }, operator),
        409,
        'STATE_FORBIDS_EDIT',
        /不能删除/,
      );
    });

    it('issuing needs a paid order', async () => {
      await expectRefused(
        () => move('issue', staff),
        409,
        'TRANSITION_NOT_ALLOWED',
        /订单尚未完成缴费，不能发证/,
      );
    });

    it('an edit keeps the request made on the KEY unless it sends a new one, or 空白 KEY', async () => {
      const pending = (await submitEnterprise()).body;
      const stored = async () =>
        (
          await server.db
            .select({ csrPem: applications.csrPem, blankKey: applications.blankKey })
            .from(applications)
            .where(eq(applications.id, pending.id))
        )[0];
      const edit = (version: number, extra: Record<string, unknown> = {}) =>
        call(
          server,
          'applications.edit',
          { id: pending.id, version, values: enterpriseForm(), attachments: pending.attachments, ...extra },
          operator,
        );

      const kept = await edit(pending.version);
      expect(kept.body).toMatchObject({ hasCsr: true, blankKey: false });
      expect(await stored()).toEqual({ csrPem: key.csrPem, blankKey: false });

      const other = await softKey('EC');
      const renewed = await edit(kept.body.version, { csrPem: other.csrPem });
      expect(renewed.body).toMatchObject({ hasCsr: true });
      expect((await stored())?.csrPem).toBe(other.csrPem);

      const blank = await edit(renewed.body.version, { blankKey: true });
      expect(blank.body).toMatchObject({ hasCsr: false, blankKey: true });
      expect(await stored()).toEqual({ csrPem: null, blankKey: true });

      // Nothing left to keep: neither a request nor 空白 KEY is refused, and changes nothing.
      await expectRefused(() => edit(blank.body.version), 400, 'VALIDATION', /请插入 KEY 生成证书请求/);
    });

    it('the applicant withdraws a pending application, then deletes it', async () => {
      const pending = (await submitEnterprise()).body;
      const withdrawn = await ok(
        server,
        'applications.transition',
        { id: pending.id, name: 'withdraw', version: pending.version },
        operator,
      );
      expect(withdrawn.state).toBe('withdrawn');
      await expectRefused(
        () => call(server, 'applications.delete', { id: pending.id, version: pending.version }, operator),
        409,
        'VERSION_CONFLICT',
        /已在别处修改/,
      );
      expect(
        await ok(server, 'applications.delete', { id: pending.id, version: withdrawn.version }, operator),
      ).toEqual({ ok: true });
      expect((await call(server, 'applications.get', { id: pending.id }, operator)).status).toBe(404);
      const list = await ok(server, 'applications.listMine', {}, operator);
      expect(list.items.map((item) => item.id)).not.toContain(pending.id);
    });
  });
});
