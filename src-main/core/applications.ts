import type { ApiInput } from '../../src-shared/api/routes';
import type {
  ApplicationResult,
  ApplicationsResult,
  SubmitApplicationRequest,
  UploadFileRequest,
} from '../../src-shared/ipc/contract';
import {
  applicationDetailSchema,
  applicationSchema,
  type Application,
  type ApplicationDetail,
  type UploadedFile,
} from '../../src-shared/schemas/application';
import type { ApiClient } from './api/client';
import type { SessionService } from './session';
import { myRecords } from './myRecords';
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
  const { api, session } = deps;
  const mine = myRecords(session, deps.cache, {
    listKind: 'applications',
    detailsKind: 'applicationDetails',
    row: applicationSchema,
    detail: applicationDetailSchema,
    rowOf,
    ownerOf: (detail) => detail.applicantId,
  });

  return {
    submit: ({ idempotencyKey, ...input }) =>
      mine.change(() => api.call('applications.submit', input, { idempotencyKey })),
    list: () => mine.list(async () => (await api.call('applications.listMine', {})).items),
    async get(id) {
      const { detail, ...from } = await mine.detail(id, () => api.call('applications.get', { id }));
      return { application: detail, ...from };
    },
    edit: (input) => mine.change(() => api.call('applications.edit', input)),
    transition: (input) => mine.change(() => api.call('applications.transition', input)),
    remove: (input) => mine.remove(input.id, () => api.call('applications.delete', input)),
    async upload({ contentBase64, ...query }) {
      session.requireUser();
      return api.upload(query, Buffer.from(contentBase64, 'base64'));
    },
    staffList: (input) => api.call('staff.applications', input),
    forget: (userId) => mine.forget(userId),
  };
}
