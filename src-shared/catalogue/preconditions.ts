import type { Profile, Role } from '../schemas/account';
import { stateLabel } from './machine';
import { serviceCatalogue } from './registry';
import type { SourceRecords } from './sources';
import {
  APPLICANT_KINDS,
  type ApplicantKind,
  type Precondition,
  type ServiceCode,
  type ServiceDef,
} from './types';

/** What must hold before an application may be opened, judged over what the caller knows. */

export interface PreconditionContext extends SourceRecords {
  now: Date;
  /** The KEY's certificate is bound to the applying account (undefined: not known yet, not judged). */
  keyBound?: boolean;
  /** The application an appeal refers to, when there is one. */
  related?: { service: ServiceCode; state: string } | null;
}

export interface UnmetPrecondition {
  kind: Precondition['kind'];
  message: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export const KEY_NOT_BOUND_MESSAGE =
  '该证书尚未绑定到您的账号：请先在“证书管理”中绑定该证书（证书管理 → 绑定证书），再回到这里办理';

const PROFILE_FIELD_LABELS: Partial<Record<keyof Profile, string>> = {
  name: '姓名',
  phone: '手机号',
  email: '邮箱',
  idType: '证件类型',
  idNumber: '证件号码',
  birthDate: '出生日期',
  gender: '性别',
  address: '通讯地址',
  postalCode: '邮政编码',
  enterprise: '企业信息',
};

function unmet(precondition: Precondition, context: PreconditionContext): string | null {
  switch (precondition.kind) {
    case 'keyInserted':
      return context.key ? null : '请插入 USB KEY 并点击“读取”，读到证书后才能继续';
    case 'keyNotRevoked': {
      if (!context.key) return null; // keyInserted says so
      const overdue = context.now.getTime() - Date.parse(context.key.notAfter);
      return overdue > precondition.graceDays * DAY_MS
        ? `该证书已过期超过 ${precondition.graceDays} 天，已被系统注销，不能续费，请申请新证书`
        : null;
    }
    case 'keyBound':
      if (!context.key) return null; // keyInserted says so
      return context.keyBound === false ? KEY_NOT_BOUND_MESSAGE : null;
    case 'profileComplete': {
      const missing = precondition.fields.filter((field) => {
        const value = context.profile?.[field];
        return value === undefined || value === null || value === '';
      });
      return missing.length === 0
        ? null
        : `请先在“个人中心”完善个人资料：${missing.map((field) => PROFILE_FIELD_LABELS[field] ?? field).join('、')}`;
    }
    case 'certificateCollected':
      return context.certificate && !context.certificate.collected
        ? '该证书尚未领取，不能申请补证，请先领取证书'
        : null;
    case 'relatedApplication': {
      const related = context.related;
      if (related?.service === precondition.service && precondition.states.includes(related.state))
        return null;
      const service = serviceCatalogue[precondition.service];
      const states = precondition.states.map((state) => `「${stateLabel(service, state)}」`).join('、');
      return `只能对${states}的「${service.name}」申请提出，请先选择对应的申请`;
    }
  }
}

/** The preconditions that do not hold, each with the Chinese reason and what to do. Empty = may apply. */
export function unmetPreconditions(service: ServiceDef, context: PreconditionContext): UnmetPrecondition[] {
  return service.preconditions.flatMap((precondition) => {
    const message = unmet(precondition, context);
    return message === null ? [] : [{ kind: precondition.kind, message }];
  });
}

/** The kinds of applicant an account is: every account a person, operators also for an enterprise. */
export function applicantKindsOf(roles: readonly Role[]): ApplicantKind[] {
  return roles.includes('enterprise_operator') ? ['person', 'enterprise_operator'] : ['person'];
}

/** Null when the account may apply for the service, else the reason it may not. */
export function applicantRefusal(service: ServiceDef, roles: readonly Role[]): string | null {
  const kinds = applicantKindsOf(roles);
  if (service.applicants.some((kind) => kinds.includes(kind))) return null;
  const allowed = service.applicants.map((kind) => APPLICANT_KINDS[kind]).join('或');
  return `「${service.name}」只能由${allowed}申请，请使用${allowed}账号办理`;
}
