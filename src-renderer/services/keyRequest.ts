import {
  certificateSubject,
  issuesCertificate,
  type ApplicationValues,
  type KeyCertificate,
  type ServiceDef,
} from '../../src-shared/catalogue';
import { AppError } from '../../src-shared/errors';
import type { Application } from '../../src-shared/schemas/application';
import type { KeyGeneratedRequest } from '../../src-shared/ipc/contract';
import type { CsrSubject, ProvePossessionInput } from '../../src-shared/schemas/key';
import { AGREEMENT_KEY, readsKey, toApplicationValues, type FormValues } from './serviceForm';

/**
 * The pure part of the KEY step of a certificate application: which ways the request may come, and what
 * each adds to the submission. New certificates: made on the inserted KEY, or "blank KEY at the counter";
 * renewal: made on the KEY that was read; an edit may also keep the request it has.
 */

/** A request made on a KEY, and which KEY holds its key pair (a renewal: with the KEY's proof). */
export interface MadeRequest extends KeyGeneratedRequest {
  serial: string;
}

export type RequestMode = 'key' | 'blank' | 'keep';

export interface RequestChoice {
  mode: RequestMode;
  /** The request made on the KEY in this form (mode 'key'). */
  request: MadeRequest | null;
}

/** The services whose form ends in a key pair on a KEY (new certificates, renewal). */
export function needsKeyRequest(service: ServiceDef): boolean {
  return issuesCertificate(service.code);
}

/**
 * The modes offered. A new certificate: on the inserted KEY or blank; an edit may also keep its request.
 * A renewal: on the KEY that was read; its edit keeps the request (the KEY is not read again there).
 */
export function requestModes(
  service: ServiceDef,
  existing?: Pick<Application, 'hasCsr' | 'blankKey'>,
): RequestMode[] {
  if (readsKey(service)) return existing?.hasCsr ? ['keep'] : ['key'];
  return existing?.hasCsr ? ['keep', 'key', 'blank'] : ['key', 'blank'];
}

/**
 * The mode shown before the person picks one: an edit keeps what it has; a new application uses the
 * KEY when one is inserted, else the blank KEY at the counter.
 */
export function defaultMode(
  service: ServiceDef,
  keyInserted: boolean,
  existing?: Pick<Application, 'hasCsr' | 'blankKey'>,
): RequestMode {
  const modes = requestModes(service, existing);
  if (existing?.hasCsr) return 'keep';
  if (existing?.blankKey && modes.includes('blank')) return 'blank';
  return keyInserted || !modes.includes('blank') ? 'key' : 'blank';
}

export const NO_REQUEST_MESSAGE = '请先在 KEY 上生成密钥对，或选择“空白 KEY 到柜台办理”';
export const NO_RENEWAL_REQUEST_MESSAGE = '请先在读取证书的 KEY 上生成新的密钥对，再提交续费申请';

/** What the submission carries about the key request; refuses a KEY choice without a request. */
export function requestFields(
  service: ServiceDef,
  choice: RequestChoice,
): { csrPem?: string; blankKey: boolean; renewalProof?: ProvePossessionInput } {
  if (!needsKeyRequest(service)) return { blankKey: false };
  switch (choice.mode) {
    case 'blank':
      return { blankKey: true };
    case 'keep':
      // Neither field: the server keeps the request the application has.
      return { blankKey: false };
    case 'key':
      if (choice.request === null) {
        throw new AppError('VALIDATION', readsKey(service) ? NO_RENEWAL_REQUEST_MESSAGE : NO_REQUEST_MESSAGE);
      }
      return {
        csrPem: choice.request.csrPem,
        blankKey: false,
        ...(choice.request.renewalProof ? { renewalProof: choice.request.renewalProof } : {}),
      };
  }
}

/** The subject the KEY puts in the request: the one the CA will sign, from the form (and the KEY read). */
export function requestSubject(
  service: ServiceDef,
  values: ApplicationValues,
  read: KeyCertificate | null,
): CsrSubject {
  return certificateSubject(service.code, values, read?.subject ?? null);
}

interface FormLike {
  validateFields: (names: string[]) => Promise<unknown>;
  getFieldsValue: (all: true) => FormValues;
}

export const FORM_INCOMPLETE_MESSAGE = '请先完整、正确地填写申请信息，再在 KEY 上生成密钥对';

/** The subject from the form as it stands: its fields are checked first (their complaints shown on them). */
export async function formSubject(
  service: ServiceDef,
  form: FormLike,
  read: KeyCertificate | null,
): Promise<CsrSubject> {
  const names = service.fields.filter((field) => field.key !== AGREEMENT_KEY).map((field) => field.key);
  try {
    await form.validateFields(names);
  } catch {
    throw new AppError('VALIDATION', FORM_INCOMPLETE_MESSAGE);
  }
  return requestSubject(service, toApplicationValues(service, form.getFieldsValue(true)), read);
}

/** 写入 KEY is offered once the certificate is issued and until the KEY is posted (可领取). */
export function writableOnKey(application: Pick<Application, 'state' | 'certificateId'>): boolean {
  return application.certificateId !== null && application.state === 'ready';
}
