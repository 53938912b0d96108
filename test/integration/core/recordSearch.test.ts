import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApplicationDetail } from '../../../src-shared/schemas/application';
import type { Order } from '../../../src-shared/schemas/order';
import type { PullResult } from '../../../src-shared/schemas/sync';
import { findAppRoot } from '../../../src-main/core/appRoot';
import { openStore, type LocalStore } from '../../../src-main/core/store/db';
import { createSyncStore, type SyncStore } from '../../../src-main/core/sync';
import {
  createRecordSearch,
  ftsPhrase,
  ftsTrigrams,
  likeContains,
  type RecordSearch,
} from '../../../src-main/core/sync/recordSearch';

/** Issue 9: the staff desk's search over kept records, on a real SQLite file with migration 0002. */

const migrationsFolder = path.join(findAppRoot(), 'drizzle', 'local');
const STAFF = 'staff-1';
const at = '2026-12-02T08:00:00.000Z';

function application(id: string, overrides: Partial<ApplicationDetail> = {}): ApplicationDetail {
  return {
    id,
    number: null,
    service: 'cert.new.enterprise',
    serviceName: '企业证书新办',
    state: 'pending',
    stateLabel: '待审核',
    applicantId: 'u-applicant',
    applicantName: null,
    enterpriseCreditCode: null,
    values: {},
    attachments: {},
    hasCsr: false,
    blankKey: true,
    feeFen: 30_000,
    orderId: null,
    orderNumber: null,
    orderState: null,
    certificateId: null,
    trackingNumber: null,
    submittedAt: at,
    version: 1,
    createdAt: at,
    updatedAt: at,
    timeline: [],
    ...overrides,
  };
}

function order(id: string, overrides: Partial<Order> = {}): Order {
  return {
    id,
    number: null,
    ownerId: 'u-applicant',
    state: 'slip_submitted',
    stateLabel: '待财务确认',
    paymentMethod: 'transfer',
    amountFen: 30_000,
    applicationIds: [],
    enterpriseCreditCode: null,
    invoice: { title: '某某公司', taxpayerNumber: '91350100000000000X', email: 'a@example.com' },
    mailing: { address: '福州市鼓楼区某路1号', recipient: '某某', phone: '13900000000' },
    contactPhone: '13900000000',
    slipUploadId: null,
    financeFeedback: null,
    paidAt: null,
    invoiceReady: false,
    version: 1,
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}

function page(changes: Partial<PullResult['changes']>, deletions: PullResult['deletions'] = []): PullResult {
  return {
    changes: {
      applications: [],
      orders: [],
      boundCertificates: [],
      issuedCertificates: [],
      notifications: [],
      profile: null,
      ...changes,
    },
    deletions,
    lastMutationId: 0,
    rejections: [],
    cursor: 1,
    hasMore: false,
  };
}

const zhang = application('a-zhang', {
  number: 'SQ20261202-0001',
  applicantName: '张三丰',
  enterpriseCreditCode: '91350100MA2XYZ1234',
  trackingNumber: 'SF1234567890',
  values: {
    enterpriseName: '福州远航物流有限公司',
    operatorName: '张三丰',
    operatorIdNumber: '350102199001011234',
    operatorPhone: '13800000001',
    agreement: true,
  },
});
const li = application('a-li', {
  number: 'SQ20261202-0002',
  service: 'cert.new.person',
  applicantName: '李四',
  values: { name: '李四', idNumber: '35010219851111567X', phone: '13700000002' },
});
/** Text full of what FTS5 and LIKE would read as operators. */
const tricky = application('a-tricky', {
  number: 'SQ20261202-0003',
  applicantName: '王五',
  values: { remark: '备注 50%_折扣 "特价" OR NEAR(a b) -x *y c:\\d' },
});
const financeOrder = order('o-1', {
  number: 'DD20261202-0007',
  invoice: { title: '厦门海联贸易有限公司', taxpayerNumber: '91350200000000001Y', email: 'f@example.com' },
  mailing: { address: '厦门市思明区海港路8号', recipient: '陈小红', phone: '13600000003' },
  contactPhone: '13500000004',
});

let dataDir: string;
let store: LocalStore;
let sync: SyncStore;
let search: RecordSearch;

beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'certdesk-search-'));
  store = openStore(dataDir, migrationsFolder);
  sync = createSyncStore(store.db, () => at);
  search = createRecordSearch(store.db);
  sync.applyPullPage(STAFF, page({ applications: [zhang, li, tricky], orders: [financeOrder] }));
});
afterEach(() => {
  store.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const apps = (text: string) => [...(search.ids(STAFF, 'application', text) ?? ['(no search)'])].sort();
const orders = (text: string) => [...(search.ids(STAFF, 'order', text) ?? ['(no search)'])].sort();

describe('record search', () => {
  it('finds an application by each of its fields', () => {
    expect(apps('张三丰')).toEqual(['a-zhang']); // the applicant's name
    expect(apps('350102199001011234')).toEqual(['a-zhang']); // the ID number, whole
    expect(apps('19900101')).toEqual(['a-zhang']); // and a part of it
    expect(apps('13800000001')).toEqual(['a-zhang']); // the phone
    expect(apps('SQ20261202-0001')).toEqual(['a-zhang']); // the 申请单号
    expect(apps('SQ20261202')).toEqual(['a-li', 'a-tricky', 'a-zhang']);
    expect(apps('远航物流')).toEqual(['a-zhang']); // the enterprise
    expect(apps('91350100MA2XYZ1234')).toEqual(['a-zhang']); // its credit code
    expect(apps('SF1234567890')).toEqual(['a-zhang']); // the tracking number
    expect(apps('35010219851111567x')).toEqual(['a-li']); // case folded
    expect(apps('sq20261202-0002')).toEqual(['a-li']);
    expect(apps('a-zhang')).toEqual(['a-zhang']); // its whole id, as the server's queue
    expect(apps('A-ZHANG')).toEqual(['a-zhang']);
    expect(apps('a-zhan')).toEqual([]);
  });

  it('finds an order by its number, payer, recipient and phones', () => {
    expect(orders('DD20261202-0007')).toEqual(['o-1']);
    expect(orders('海联贸易')).toEqual(['o-1']);
    expect(orders('91350200000000001Y')).toEqual(['o-1']);
    expect(orders('陈小红')).toEqual(['o-1']);
    expect(orders('13600000003')).toEqual(['o-1']);
    expect(orders('13500000004')).toEqual(['o-1']);
    // Kinds stay apart: an order's text never finds an application.
    expect(apps('海联贸易')).toEqual([]);
    expect(orders('张三丰')).toEqual([]);
  });

  it('finds two- and one-character Chinese text (shorter than a trigram) with LIKE', () => {
    expect(apps('李四')).toEqual(['a-li']);
    expect(apps('王五')).toEqual(['a-tricky']);
    expect(apps('三丰')).toEqual(['a-zhang']);
    expect(apps('李')).toEqual(['a-li']);
    expect(apps('远航')).toEqual(['a-zhang']);
    expect(orders('海联')).toEqual(['o-1']);
    expect(apps('赵六')).toEqual([]);
    expect(apps('四李')).toEqual([]);
    // Three or more: the trigram index.
    expect(apps('福州远航')).toEqual(['a-zhang']);
    expect(apps('张三丰丰')).toEqual([]);
  });

  it('answers null for no search, and only the account’s own kept records', () => {
    expect(search.ids(STAFF, 'application', undefined)).toBeNull();
    expect(search.ids(STAFF, 'application', '   ')).toBeNull();
    expect(search.ids('someone-else', 'application', '张三丰')).toEqual(new Set());
    expect(search.ids('someone-else', 'application', '李四')).toEqual(new Set());
    expect(apps('  张三丰  ')).toEqual(['a-zhang']);
    // What a search found is read alone, not the whole cache.
    const found = search.ids(STAFF, 'application', '李四') ?? new Set<string>();
    expect(sync.records(STAFF, 'application', found).map((record) => record.id)).toEqual(['a-li']);
    expect(sync.records(STAFF, 'application', new Set(['gone']))).toEqual([]);
  });

  it('reads only the kept records whose JSON has the queue’s state and service, with or without a search', () => {
    sync.applyPullPage(
      STAFF,
      page({ applications: [application('a-accepted', { state: 'accepted', stateLabel: '申请受理中' })] }),
    );
    const ids = (found: { id: string }[]) => found.map((record) => record.id).sort();
    expect(ids(sync.records(STAFF, 'application', undefined, { state: 'pending' }))).toEqual([
      'a-li',
      'a-tricky',
      'a-zhang',
    ]);
    expect(ids(sync.records(STAFF, 'application', undefined, { state: 'accepted' }))).toEqual(['a-accepted']);
    expect(
      ids(sync.records(STAFF, 'application', undefined, { state: 'pending', service: 'cert.new.person' })),
    ).toEqual(['a-li']);
    // An undefined value asks nothing; with a search's ids, both apply.
    expect(sync.records(STAFF, 'application', undefined, { state: undefined })).toHaveLength(4);
    const found = search.ids(STAFF, 'application', 'SQ20261202') ?? new Set<string>();
    expect(ids(sync.records(STAFF, 'application', found, { service: 'cert.new.enterprise' }))).toEqual([
      'a-tricky',
      'a-zhang',
    ]);
    expect(ids(sync.records(STAFF, 'order', undefined, { state: 'slip_submitted' }))).toEqual(['o-1']);
    expect(sync.records(STAFF, 'order', undefined, { state: 'paid' })).toEqual([]);
    // A value is a bound parameter, a field name only a plain identifier.
    expect(sync.records(STAFF, 'application', undefined, { state: "pending' OR 1=1 --" })).toEqual([]);
    expect(() => sync.records(STAFF, 'application', undefined, { 'state") OR 1=1 --': 'x' })).toThrow();
  });

  it('takes hostile text as a literal substring: no FTS operator, no LIKE wildcard', () => {
    // Literal matches of the operators' characters in the tricky record.
    expect(apps('50%_折扣')).toEqual(['a-tricky']);
    expect(apps('%_')).toEqual(['a-tricky']);
    expect(apps('"特价"')).toEqual(['a-tricky']);
    expect(apps('"特价')).toEqual(['a-tricky']);
    expect(apps('OR NEAR(a b)')).toEqual(['a-tricky']);
    expect(apps('-x *y')).toEqual(['a-tricky']);
    expect(apps('c:\\d')).toEqual(['a-tricky']);
    expect(apps('\\')).toEqual(['a-tricky']);
    // Wildcards and operators match nothing they would match as syntax.
    for (const text of [
      '%',
      '_',
      '%%',
      '__',
      '%%%',
      '___',
      'SQ%',
      'SQ_0',
      'SQ2026*',
      '张三丰*',
      '张三丰 OR 李四',
      '"张三丰" OR "李四"',
      'NEAR(张三丰 李四)',
      '-张三丰',
      'NOT 李四',
      '张三丰 AND',
      'body:张三丰',
      '^张三丰',
      '"',
      '""',
      '"""',
      "'",
      "'; DROP TABLE local_records; --",
      '(',
      ')',
      '*',
      '李四"',
      '\\%',
    ]) {
      const found = apps(text);
      expect(
        found.filter((id) => id !== 'a-tricky'),
        text,
      ).toEqual([]);
    }
    expect(apps('%')).toEqual(['a-tricky']);
    expect(apps('*')).toEqual(['a-tricky']);
    expect(apps('___')).toEqual([]);
    expect(sync.records(STAFF, 'application')).toHaveLength(3);
  });

  it('escapes a phrase by doubling quotes, a LIKE pattern with backslashes', () => {
    expect(ftsPhrase('a"b')).toBe('"a""b"');
    expect(ftsPhrase('x OR y*')).toBe('"x OR y*"');
    expect(likeContains('50%_\\')).toBe('%50\\%\\_\\\\%');
    // Trigrams covering the text: at 0, 3, … and the last; each quoted.
    expect(ftsTrigrams('SQ2026')).toBe('"SQ2" "026"');
    expect(ftsTrigrams('福州远航物流')).toBe('"福州远" "航物流"');
    expect(ftsTrigrams('13800000001')).toBe('"138" "000" "001"'); // each once
    expect(ftsTrigrams('a"b OR')).toBe('"a""b" " OR"');
    expect(ftsTrigrams('远航物')).toBe('"远航物"');
  });

  it('follows the kept records: a changed copy is found by its new text, a deleted one is gone', () => {
    const moved = { ...zhang, trackingNumber: 'YT5550001112', version: 2 };
    sync.applyPullPage(STAFF, page({ applications: [moved] }));
    expect(apps('SF1234567890')).toEqual([]);
    expect(apps('YT5550001112')).toEqual(['a-zhang']);

    sync.applyPullPage(STAFF, page({}, [{ kind: 'application', id: 'a-li' }]));
    expect(apps('李四')).toEqual([]);
    expect(apps('13700000002')).toEqual([]);

    // A local edit waiting to be pushed is searchable at once.
    sync.enqueue(STAFF, 'application.edit', {
      id: 'a-tricky',
      version: 1,
      values: { remark: '改过的备注' },
      attachments: {},
      blankKey: true,
    });
    expect(apps('改过的备注')).toEqual(['a-tricky']);
    expect(apps('特价')).toEqual([]);

    // FTS5's own check: the index agrees with the kept text.
    store.db.$client.prepare("INSERT INTO record_search (record_search) VALUES ('integrity-check')").run();

    // Logout drops them; the index with them.
    sync.forget(STAFF);
    expect(apps('改过的备注')).toEqual(['a-tricky']);
    expect(apps('远航物流')).toEqual([]);
    sync.clearAll();
    expect(apps('改过的备注')).toEqual([]);
    expect(orders('海联贸易')).toEqual([]);
  });
});
