import type { ApiInput } from '../../src-shared/api/routes';
import { AppError } from '../../src-shared/errors';
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
import { z } from '../../src-shared/zod';
import type { ApiClient } from './api/client';
import type { SessionService } from './session';
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

const LIST = 'applications';
const DETAILS = 'applicationDetails';

const keptListSchema = z.object({ items: z.array(applicationSchema) });
const keptDetailsSchema = z.record(z.string(), applicationDetailSchema);

function isOffline(error: unknown): boolean {
  return error instanceof AppError && error.code === 'NETWORK';
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

  function requireUser(): SessionUser {
    const user = session.user();
    if (user === null) throw new AppError('UNAUTHENTICATED', '请先登录');
    return user;
  }

  function keptList(userId: string): { items: Application[]; cachedAt: string } | null {
    const record = cache.get(LIST, userId);
    const parsed = record === null ? null : keptListSchema.safeParse(record.json);
    return record !== null && parsed?.success
      ? { items: parsed.data.items, cachedAt: record.cachedAt }
      : null;
  }

  function keptDetails(userId: string): { details: Record<string, ApplicationDetail>; cachedAt: string } {
    const record = cache.get(DETAILS, userId);
    const parsed = record === null ? null : keptDetailsSchema.safeParse(record.json);
    return record !== null && parsed?.success
      ? { details: parsed.data, cachedAt: record.cachedAt }
      : { details: {}, cachedAt: new Date().toISOString() };
  }

  /** Keeps a detail the server just sent, and its row in the kept list (when that list exists). */
  function keep(userId: string, detail: ApplicationDetail): void {
    const { details } = keptDetails(userId);
    cache.put(DETAILS, userId, { ...details, [detail.id]: detail }, 0);
    const list = keptList(userId);
    if (list === null) return;
    const others = list.items.filter((item) => item.id !== detail.id);
    cache.put(LIST, userId, { items: [rowOf(detail), ...others] }, 0);
  }

  function drop(userId: string, id: string): void {
    const { details } = keptDetails(userId);
    const { [id]: _dropped, ...rest } = details;
    cache.put(DETAILS, userId, rest, 0);
    const list = keptList(userId);
    if (list) cache.put(LIST, userId, { items: list.items.filter((item) => item.id !== id) }, 0);
  }

  /** Mine are kept; staff looking at someone else's application keep nothing. */
  function keepIfMine(user: SessionUser, detail: ApplicationDetail): ApplicationDetail {
    if (detail.applicantId === user.id) keep(user.id, detail);
    return detail;
  }

  return {
    async submit({ idempotencyKey, ...input }) {
      const user = requireUser();
      const detail = await api.call('applications.submit', input, { idempotencyKey });
      return keepIfMine(user, detail);
    },
    async list() {
      const user = requireUser();
      try {
        const { items } = await api.call('applications.listMine', {});
        cache.put(LIST, user.id, { items }, 0);
        return { items, fromCache: false, cachedAt: null };
      } catch (error) {
        const kept = isOffline(error) ? keptList(user.id) : null;
        if (kept === null) throw error;
        return { items: kept.items, fromCache: true, cachedAt: kept.cachedAt };
      }
    },
    async get(id) {
      const user = requireUser();
      try {
        const application = keepIfMine(user, await api.call('applications.get', { id }));
        return { application, fromCache: false, cachedAt: null };
      } catch (error) {
        const { details, cachedAt } = keptDetails(user.id);
        const kept = isOffline(error) ? details[id] : undefined;
        if (kept === undefined) throw error;
        return { application: kept, fromCache: true, cachedAt };
      }
    },
    async edit(input) {
      const user = requireUser();
      return keepIfMine(user, await api.call('applications.edit', input));
    },
    async transition(input) {
      const user = requireUser();
      return keepIfMine(user, await api.call('applications.transition', input));
    },
    async remove(input) {
      const user = requireUser();
      const result = await api.call('applications.delete', input);
      drop(user.id, input.id);
      return result;
    },
    async upload({ contentBase64, ...query }) {
      requireUser();
      return api.upload(query, Buffer.from(contentBase64, 'base64'));
    },
    staffList: (input) => api.call('staff.applications', input),
    forget(userId) {
      cache.remove(LIST, userId);
      cache.remove(DETAILS, userId);
    },
  };
}
