import type { ApiInput } from '../../src-shared/api/routes';
import type {
  ApplicationResult,
  ApplicationsResult,
  SubmitApplicationRequest,
  UploadFileRequest,
} from '../../src-shared/ipc/contract';
import type { SessionUser } from '../../src-shared/schemas/account';
import {
  applicationDetailSchema,
  applicationSchema,
  type Application,
  type ApplicationDetail,
  type UploadedFile,
} from '../../src-shared/schemas/application';
import type { ApiClient } from './api/client';
import type { SessionService } from './session';
import { keptRecords } from './store/keptRecords';
import type { RecordCache } from './store/recordCache';

/**
 * Applications of the service catalogue for the desktop: submitting (with the form's idempotency key,
 * so a double click or a retry never makes two), the applicant's list and details kept on this computer
 * for reading offline, edits, moves of the status machine, uploads, and the staff queue.
 */
export interface ApplicationService {
  submit(input: SubmitApplicationRequest): Promise<ApplicationDetail>;
  /** Mine, newest first: from the API, or the copy kept here when it cannot be reached. */
  list(): Promise<ApplicationsResult>;
  get(id: string): Promise<ApplicationResult>;
  edit(input: ApiInput<'applications.edit'>): Promise<ApplicationDetail>;
  transition(input: ApiInput<'applications.transition'>): Promise<ApplicationDetail>;
  remove(input: ApiInput<'applications.delete'>): Promise<{ ok: true }>;
  upload(input: UploadFileRequest): Promise<UploadedFile>;
  /** Every applicant's applications, for the staff desk (never kept: staff decide on live data). */
  staffList(input: ApiInput<'staff.applications'>): Promise<{ items: Application[] }>;
  /** Drops what the account kept on this computer (logout). */
  forget(userId: string): void;
}

/** Detail → list row: the list rows are the detail without its timeline. */
function rowOf(detail: ApplicationDetail): Application {
  const { timeline: _timeline, ...row } = detail;
  return row;
}

export function createApplicationService(deps: {
  api: ApiClient;
  session: SessionService;
  cache: RecordCache;
}): ApplicationService {
  const { api, session, cache } = deps;
  const kept = keptRecords(cache, {
    listKind: 'applications',
    detailsKind: 'applicationDetails',
    row: applicationSchema,
    detail: applicationDetailSchema,
    rowOf,
  });

  /** Mine are kept; staff looking at someone else's application keep nothing. */
  function keepIfMine(user: SessionUser, detail: ApplicationDetail): ApplicationDetail {
    if (detail.applicantId === user.id) kept.keep(user.id, detail);
    return detail;
  }

  return {
    async submit({ idempotencyKey, ...input }) {
      const user = session.requireUser();
      const detail = await api.call('applications.submit', input, { idempotencyKey });
      return keepIfMine(user, detail);
    },
    async list() {
      const user = session.requireUser();
      return kept.liveList(user.id, async () => (await api.call('applications.listMine', {})).items);
    },
    async get(id) {
      const user = session.requireUser();
      const { detail, ...from } = await kept.liveDetail(user.id, id, async () =>
        keepIfMine(user, await api.call('applications.get', { id })),
      );
      return { application: detail, ...from };
    },
    async edit(input) {
      const user = session.requireUser();
      return keepIfMine(user, await api.call('applications.edit', input));
    },
    async transition(input) {
      const user = session.requireUser();
      return keepIfMine(user, await api.call('applications.transition', input));
    },
    async remove(input) {
      const user = session.requireUser();
      const result = await api.call('applications.delete', input);
      kept.drop(user.id, input.id);
      return result;
    },
    async upload({ contentBase64, ...query }) {
      session.requireUser();
      return api.upload(query, Buffer.from(contentBase64, 'base64'));
    },
    staffList: (input) => api.call('staff.applications', input),
    forget: (userId) => kept.forget(userId),
  };
}
