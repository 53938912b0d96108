import { getService } from '../../../src-shared/catalogue';
import { AppError } from '../../../src-shared/errors';
import type { KeyGenerateRequestInput, KeyInstallCertificateInput } from '../../../src-shared/ipc/contract';
import {
  applicationDetailSchema,
  type ApplicationCertificate,
  type ApplicationDetail,
} from '../../../src-shared/schemas/application';
import {
  CERTIFICATE_NOT_KEPT,
  CERTIFICATE_REVOKED,
  type CsrSubject,
  type GeneratedRequest,
  type KeyAlgorithm,
  type TokenCertificate,
} from '../../../src-shared/schemas/key';
import type { ApiClient } from '../api/client';
import type { SyncService } from '../sync';
import { keptCertificateRevoked, keptIssuedCertificate } from '../sync/keptCertificates';
import type { TokenClient } from '../token';

export const KEY_NOT_ON_TOKEN = '该证书对应的密钥不在此 KEY 上，请插入申请时使用的 KEY';

/**
 * A certificate's life on the KEY around an application: the key pair and request made on the KEY
 * (applicant, or the counter for a blank KEY), and the issued certificate written back next to that key.
 */
export interface CertificateRequests {
  generate(input: KeyGenerateRequestInput): Promise<GeneratedRequest>;
  install(input: KeyInstallCertificateInput): Promise<TokenCertificate>;
}

/** RSA-2048 where the KEY offers it (what the centre's KEYs use), else EC P-256. */
async function algorithmFor(client: TokenClient, serial: string): Promise<KeyAlgorithm> {
  const { rsa2048, ecP256 } = await client.mechanisms(serial);
  if (rsa2048) return 'RSA-2048';
  if (ecP256) return 'EC-P256';
  throw new AppError(
    'TOKEN_MECHANISM_UNSUPPORTED',
    '这只 KEY 不支持生成 RSA-2048 或 EC P-256 密钥，不能用于申请证书，请更换 KEY。',
    { serial },
  );
}

/** "certdesk 2025-03-10 福建省示例科技有限公司": whose key pair it is and when it was made, in any KEY tool. */
export function requestLabel(subject: CsrSubject, now: Date): string {
  const day = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(now);
  return `certdesk ${day} ${subject.commonName}`;
}

/** The certificate a renewal replaces: the one its form read from the KEY (the key.fingerprint field). */
export function replacedFingerprint(application: ApplicationDetail): string | null {
  const field = getService(application.service)?.fields.find((f) => f.source === 'key.fingerprint');
  const value = field ? application.values[field.key] : undefined;
  return typeof value === 'string' && value.trim() !== '' ? value.trim().toLowerCase() : null;
}

export function createCertificateRequests(deps: {
  api: ApiClient;
  sync: Pick<SyncService, 'kept' | 'refresh'>;
  client: () => TokenClient;
  now?: () => Date;
}): CertificateRequests {
  const { api, sync } = deps;
  const now = deps.now ?? (() => new Date());

  /**
   * The application and the certificate issued for it: the copies the pull kept here (after a sync when
   * online, so a reissue is seen), else — online only — the server's. Offline 写入 KEY needs no network.
   */
  async function toWrite(
    applicationId: string,
  ): Promise<{ application: ApplicationDetail; issued: ApplicationCertificate }> {
    const { fresh } = await sync.refresh();
    const parsed = applicationDetailSchema.safeParse(sync.kept('application', applicationId)?.json);
    const kept = parsed.success ? parsed.data : null;
    const issued = kept ? keptIssuedCertificate(sync, kept) : null;
    if (kept && issued) return { application: kept, issued };
    if (kept && keptCertificateRevoked(sync, kept))
      throw new AppError('PRECONDITION_FAILED', CERTIFICATE_REVOKED, { applicationId });
    // Offline the kept copy may just be older than the issue: only the network can tell.
    if (!fresh) throw new AppError('NETWORK', CERTIFICATE_NOT_KEPT, { applicationId });
    const application = kept ?? (await api.call('applications.get', { id: applicationId }));
    return { application, issued: await api.call('applications.certificate', { id: applicationId }) };
  }

  return {
    async generate({ serial, pin, subject }) {
      const client = deps.client();
      return client.generateRequest({
        serial,
        pin,
        subject,
        algorithm: await algorithmFor(client, serial),
        label: requestLabel(subject, now()),
      });
    },
    async install({ serial, pin, applicationId }) {
      // Both answers before the KEY is touched: no network failure can leave it half written. Writing
      // records nothing on the server (the next move, 寄出, is the staff's transition through the outbox).
      const { application, issued } = await toWrite(applicationId);
      const replaces = replacedFingerprint(application);
      const client = deps.client();
      const input = { serial, pin, certificatePem: issued.pem };
      try {
        return replaces === null
          ? await client.importCertificate(input)
          : await client.renewCertificate({ ...input, replaces });
      } catch (error) {
        if (error instanceof AppError && error.code === 'TOKEN_KEY_NOT_FOUND') {
          throw new AppError('TOKEN_KEY_NOT_FOUND', KEY_NOT_ON_TOKEN, { serial, applicationId });
        }
        throw error;
      }
    },
  };
}
