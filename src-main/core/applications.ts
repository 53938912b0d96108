import type { ApiInput } from '../../src-shared/api/routes';
import type {
  ApplicationResult,
  ApplicationsResult,
  SubmitApplicationRequest,
  UploadFileRequest,
} from '../../src-shared/ipc/contract';
import {
  actorRolesOn,
  applyEdit,
  applyTransition,
  deleteRefusal,
  getService,
  type Refusal,
  type ServiceDef,
} from '../../src-shared/catalogue';
import { AppError } from '../../src-shared/errors';
import {
  applicationDetailSchema,
  type ApplicationDetail,
  type UploadedFile,
} from '../../src-shared/schemas/application';
import { SERVER_ONLY_TRANSITIONS } from '../../src-shared/schemas/sync';
import type { ApiClient } from './api/client';
import type { SessionService } from './session';
import { requireRole } from './staffAccess';
import type { OfflineFiles, SyncService } from './sync';
import { keptIssuedCertificate } from './sync/keptCertificates';
import { keptReads } from './sync/keptReads';

/**
 * Applications of the service catalogue for the desktop. Every write goes through the sync outbox
 * (docs/DESIGN.md, "Data and sync"): online it is pushed at once and a refusal is thrown as before;
 * offline it is kept with the mark 待同步. The form's idempotency key is the application's id, so a
 * double click or a retry never makes two. Reads are the kept copies, refreshed by a pull when online.
 */
export interface ApplicationService {
  submit(input: SubmitApplicationRequest): Promise<ApplicationDetail>;
  /** Mine, newest first: the kept copies (after a sync when online). */
  list(): Promise<ApplicationsResult>;
  get(id: string): Promise<ApplicationResult>;
  edit(input: ApiInput<'applications.edit'>): Promise<ApplicationDetail>;
  transition(input: ApiInput<'applications.transition'>): Promise<ApplicationDetail>;
  remove(input: ApiInput<'applications.delete'>): Promise<{ ok: true }>;
  upload(input: UploadFileRequest): Promise<UploadedFile>;
  /**
   * Every applicant's applications, for the staff desk: the kept copies (a staff account's pull brings
   * them all), filtered as the server's route does, with the search over the kept text.
   */
  staffList(input: ApiInput<'staff.applications'>): Promise<ApplicationsResult>;
}

const NOT_FOUND = '申请单不存在或已删除';
/** As the server's staff route: at most this many, newest submission first. */
const STAFF_LIST_LIMIT = 500;
const ISSUE_NEEDS_SERVER = '签发证书需要连接服务器，当前无法连接，请联网后再签发';

export function createApplicationService(deps: {
  api: ApiClient;
  session: SessionService;
  sync: SyncService;
  online: () => boolean;
  files: OfflineFiles;
}): ApplicationService {
  const { api, session, sync } = deps;
  const reads = keptReads(sync, 'application', applicationDetailSchema, NOT_FOUND);

  async function written(record: Parameters<typeof reads.now>[0], id: string): Promise<ApplicationDetail> {
    const kept = reads.now(record);
    if (kept) {
      const { sync: _sync, ...detail } = kept;
      return detail;
    }
    // A record this account does not keep (staff deciding another's application): the server's copy.
    return api.call('applications.get', { id });
  }

  /**
   * Offline, what the status machine refuses on the kept copy is refused at once with the server's
   * reason, instead of waiting in the outbox for a refusal it is sure to get.
   */
  function refuseOffline(
    id: string,
    judge: (service: ServiceDef, kept: ApplicationDetail) => Refusal | null,
  ) {
    if (deps.online()) return;
    const kept = reads.now(sync.kept('application', id));
    const service = kept ? getService(kept.service) : undefined;
    const refusal = kept && service ? judge(service, kept) : null;
    if (!refusal) return;
    const details = refusal.field
      ? { fields: [{ field: refusal.field, message: refusal.message }] }
      : undefined;
    throw new AppError(refusal.code, refusal.message, details);
  }

  return {
    async submit({ idempotencyKey, ...input }) {
      const user = session.requireUser();
      const already = sync.kept('application', idempotencyKey);
      if (already && already.json.applicantId === user.id) return written(already, idempotencyKey);
      return written(
        await sync.write('application.submit', { ...input, id: idempotencyKey }),
        idempotencyKey,
      );
    },
    async list() {
      const user = session.requireUser();
      const { items, ...from } = await reads.list((record) => record.applicantId === user.id);
      return { items: items.map(({ timeline: _timeline, ...row }) => row), ...from };
    },
    async get(id) {
      const { record, ...from } = await reads.get(id, () => api.call('applications.get', { id }));
      return { application: record, certificateKept: keptIssuedCertificate(sync, record) !== null, ...from };
    },
    async edit(input) {
      refuseOffline(input.id, (service, kept) => {
        const edit = applyEdit(service, kept.state);
        return edit.ok ? null : edit;
      });
      return written(await sync.write('application.edit', input), input.id);
    },
    async transition(input) {
      // Issuing signs with the centre's CA: only the server can do it.
      if (SERVER_ONLY_TRANSITIONS.includes(input.name)) {
        if (!deps.online()) throw new AppError('NETWORK', ISSUE_NEEDS_SERVER);
        return api.call('applications.transition', input);
      }
      const user = session.requireUser();
      refuseOffline(input.id, (service, kept) => {
        const roles = actorRolesOn(user.roles, user.id, kept.applicantId);
        const move = applyTransition(service, kept.state, input.name, roles, {
          feedback: input.feedback,
          trackingNumber: input.trackingNumber,
          orderPaid: kept.orderState === 'paid',
        });
        return move.ok ? null : move;
      });
      return written(await sync.write('application.transition', input), input.id);
    },
    async remove(input) {
      refuseOffline(input.id, (service, kept) => deleteRefusal(service, kept.state));
      await sync.write('application.delete', input);
      return { ok: true };
    },
    async upload({ contentBase64, ...query }) {
      const user = session.requireUser();
      const bytes = Buffer.from(contentBase64, 'base64');
      // Offline: kept here under a placeholder id; the sync uploads it before the form that names it.
      if (!deps.online()) return deps.files.keep(user.id, query, bytes);
      try {
        return await api.upload(query, bytes);
      } catch (error) {
        // The network went away before the health check noticed: keep the file rather than lose it.
        if (error instanceof AppError && error.code === 'NETWORK')
          return deps.files.keep(user.id, query, bytes);
        throw error;
      }
    },
    async staffList({ state, service, search }) {
      requireRole(session.requireUser(), ['reviewer', 'finance', 'issuer'], '查看办理队列');
      const { items, ...from } = await reads.list(undefined, search, {
        // As before: an empty filter asks nothing.
        state: state || undefined,
        service: service || undefined,
      });
      // The server's order: the latest submission first (one never submitted, first of all), then the latest change.
      const submitted = (record: { submittedAt: string | null }) => record.submittedAt ?? '\uffff';
      items.sort(
        (a, b) => submitted(b).localeCompare(submitted(a)) || b.updatedAt.localeCompare(a.updatedAt),
      );
      return {
        items: items.slice(0, STAFF_LIST_LIMIT).map(({ timeline: _timeline, ...row }) => row),
        ...from,
      };
    },
  };
}
