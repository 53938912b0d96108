import type { Role } from '../../src-shared/schemas/account';

/** The accounts `--demo` creates; the README and the tests quote them from here. */
export interface DemoAccount {
  phone: string;
  password: string;
  name: string;
  idNumber: string;
  email: string;
  roles: Role[];
  enterprise?: DemoEnterprise;
}

export interface DemoEnterprise {
  name: string;
  creditCode: string;
  legalRepresentative: string;
  address: string;
}

export const DEMO_PASSWORD = 'Demo1234';

export const DEMO_ENTERPRISE: DemoEnterprise = {
  name: '福建省示例科技有限公司',
  creditCode: '91350100MA2Y0C3K1W',
  legalRepresentative: '陈明',
  address: '福建省福州市鼓楼区五四路 88 号',
};

export const DEMO_ACCOUNTS = {
  person: {
    phone: '13800000001',
    password: DEMO_PASSWORD,
    name: '张三',
    idNumber: '11010519491231002X',
    email: 'zhangsan@example.com',
    roles: ['applicant'],
  },
  operator: {
    phone: '13800000002',
    password: DEMO_PASSWORD,
    name: '李四',
    idNumber: '35010219850612003X',
    email: 'lisi@example.com',
    roles: ['applicant', 'enterprise_operator'],
    enterprise: DEMO_ENTERPRISE,
  },
  staff: {
    phone: '13800000003',
    password: DEMO_PASSWORD,
    name: '王五',
    idNumber: '350203199003150014',
    email: 'wangwu@example.com',
    roles: ['reviewer', 'finance', 'issuer'],
  },
} as const satisfies Record<string, DemoAccount>;
