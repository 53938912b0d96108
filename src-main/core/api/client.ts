import { randomUUID } from 'node:crypto';
import axios, { type AxiosInstance } from 'axios';
import {
  API_PREFIX,
  apiRoutes,
  routePath,
  SESSION_EXPIRES_HEADER,
  UPLOADS_PATH,
  type ApiInput,
  type ApiName,
  type ApiOutput,
} from '../../../src-shared/api/routes';
import {
  uploadedFileSchema,
  type UploadedFile,
  type UploadQuery,
} from '../../../src-shared/schemas/application';
import { AppError, toAppError, type ErrorCode } from '../../../src-shared/errors';
import type { z } from '../../../src-shared/zod';
import type { Logger } from '../logger';
import { silentLogger } from '../logger';

export const NETWORK_MESSAGE = '无法连接服务器，请检查网络后重试';

export interface ApiClientOptions {
  /** Read on every call: the API URL may change at run time (settings). */
  baseUrl: () => string;
  /** The session token, or null when nobody is logged in. */
  token: () => string | null;
  /** A 401 saying the session is over (SESSION_EXPIRED or UNAUTHENTICATED) on a call that carried a token. */
  onSessionRejected?: (error: AppError) => void;
  /** An answer to a call that carried the token says when the session now ends (it slides with use). */
  onSessionExtended?: (expiresAt: string) => void;
  /** Whether the server answered at all: feeds connectivity. */
  onReachability?: (reachable: boolean) => void;
  timeoutMs?: number;
  /** Extra attempts for GET calls that fail to reach the server. */
  getRetries?: number;
  retryBaseDelayMs?: number;
  logger?: Logger;
}

export interface CallOptions {
  /** Send the session token on a route that does not require one (a 'bind' KEY challenge belongs to the account). */
  withSession?: boolean;
  /**
   * The Idempotency-Key of a mutation, when the caller has one that outlives this call (one form
   * submitted twice must send the same key); default: a new key per call.
   */
  idempotencyKey?: string;
}

/** A file the API sent (an upload, an e-invoice): its bytes, and the name it was sent under. */
export interface DownloadedFile {
  bytes: Buffer;
  contentType: string;
  fileName: string | null;
}

export interface ApiClient {
  call<N extends ApiName>(name: N, input: ApiInput<N>, options?: CallOptions): Promise<ApiOutput<N>>;
  /** Sends a file's bytes to the upload route (checked by content there); answers what was stored. */
  upload(query: UploadQuery, bytes: Uint8Array): Promise<UploadedFile>;
  /** GETs a file route with the session (`${UPLOADS_PATH}/:id` …); retried like any GET. */
  download(path: string): Promise<DownloadedFile>;
}

interface Answer {
  status: number;
  body: unknown;
  carriedToken: boolean;
  headers: Record<string, unknown>;
}

interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** After the base URL, e.g. /api/v1/applications/4f… */
  path: string;
  params?: unknown;
  data?: unknown;
  headers?: Record<string, string>;
  /** Answer as raw bytes (a file) instead of JSON. */
  binary?: boolean;
}

/** The name in `Content-Disposition: attachment; filename*=UTF-8''…` (how the API sends Chinese names). */
export function dispositionFileName(header: unknown): string | null {
  if (typeof header !== 'string') return null;
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(header)?.[1];
  if (encoded !== undefined) {
    try {
      return decodeURIComponent(encoded.trim());
    } catch {
      return null;
    }
  }
  return /filename="?([^";]+)"?/i.exec(header)?.[1]?.trim() ?? null;
}

/** The server did not answer at all (refused, reset, timed out): safe to retry a GET. */
class Unreachable extends Error {}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const logger = options.logger ?? silentLogger;
  const retries = options.getRetries ?? 2;
  const baseDelay = options.retryBaseDelayMs ?? 250;
  const http: AxiosInstance = axios.create({
    timeout: options.timeoutMs ?? 15_000,
    // Error statuses are data here: their bodies carry the stable {code,message,details}.
    validateStatus: () => true,
    headers: { Accept: 'application/json' },
  });

  async function send(
    request: HttpRequest,
    withToken: boolean,
    idempotencyKey: string | null,
  ): Promise<Answer> {
    const token = withToken ? options.token() : null;
    const headers: Record<string, string> = { ...request.headers };
    if (token !== null) headers.Authorization = `Bearer ${token}`;
    if (idempotencyKey !== null) headers['Idempotency-Key'] = idempotencyKey;
    try {
      const response = await http.request<unknown>({
        method: request.method,
        url: `${options.baseUrl().replace(/\/+$/, '')}${request.path}`,
        headers,
        params: request.params,
        data: request.data,
        ...(request.binary ? { responseType: 'arraybuffer' as const } : {}),
      });
      const body = request.binary ? binaryBody(response.status, response.data) : response.data;
      const expiresAt: unknown = response.headers[SESSION_EXPIRES_HEADER];
      if (token !== null && response.status < 400 && typeof expiresAt === 'string') {
        options.onSessionExtended?.(expiresAt);
      }
      return {
        status: response.status,
        body,
        carriedToken: token !== null,
        headers: { ...response.headers },
      };
    } catch (error) {
      // With validateStatus accepting everything, a throw means no HTTP answer came back.
      throw new Unreachable(error instanceof Error ? error.message : String(error));
    }
  }

  function once(name: ApiName, input: unknown, idempotencyKey: string | null, withSession: boolean) {
    const route = apiRoutes[name];
    const path = `${API_PREFIX}${routePath(route.path, input)}`;
    return send(
      route.method === 'GET'
        ? { method: route.method, path, params: input }
        : { method: route.method, path, data: input },
      route.auth || withSession,
      idempotencyKey,
    );
  }

  /** Sends until the server answers; a GET that cannot reach it is tried again with backoff. */
  async function answered(what: string, isGet: boolean, attemptOnce: () => Promise<Answer>): Promise<Answer> {
    let attempt = 0;
    for (;;) {
      try {
        const answer = await attemptOnce();
        options.onReachability?.(true);
        return answer;
      } catch (error) {
        if (!(error instanceof Unreachable)) throw error;
        options.onReachability?.(false);
        logger.info('API unreachable', { call: what, attempt, reason: error.message });
        if (!isGet || attempt >= retries) throw new AppError('NETWORK', NETWORK_MESSAGE);
        await sleep(baseDelay * 2 ** attempt + Math.random() * baseDelay);
        attempt += 1;
      }
    }
  }

  async function call<N extends ApiName>(
    name: N,
    input: ApiInput<N>,
    callOptions: CallOptions = {},
  ): Promise<ApiOutput<N>> {
    const isGet = apiRoutes[name].method === 'GET';
    // Lets the server tell a repeated mutation from a new one.
    const idempotencyKey = isGet ? null : (callOptions.idempotencyKey ?? randomUUID());
    const answer = await answered(name, isGet, () =>
      once(name, input, idempotencyKey, callOptions.withSession ?? false),
    );
    return readAnswer(name, answer);
  }

  async function download(path: string): Promise<DownloadedFile> {
    const answer = await answered(path, true, () => send({ method: 'GET', path, binary: true }, true, null));
    if (answer.status < 200 || answer.status >= 300) throw refusal(answer);
    const bytes = Buffer.isBuffer(answer.body) ? answer.body : Buffer.alloc(0);
    const contentType = answer.headers['content-type'];
    return {
      bytes,
      contentType: typeof contentType === 'string' ? contentType : 'application/octet-stream',
      fileName: dispositionFileName(answer.headers['content-disposition']),
    };
  }

  async function upload(query: UploadQuery, bytes: Uint8Array): Promise<UploadedFile> {
    const answer = await answered('upload', false, () =>
      send(
        {
          method: 'POST',
          path: UPLOADS_PATH,
          params: query,
          data: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
          headers: { 'Content-Type': 'application/octet-stream' },
        },
        true,
        null,
      ),
    );
    return readBody('upload', uploadedFileSchema, answer);
  }

  function readAnswer<N extends ApiName>(name: N, answer: Answer): ApiOutput<N> {
    return readBody(name, apiRoutes[name].output, answer) as ApiOutput<N>;
  }

  function readBody<S extends z.ZodType>(name: string, schema: S, answer: Answer): z.output<S> {
    if (answer.status < 200 || answer.status >= 300) throw refusal(answer);
    const parsed = schema.safeParse(answer.body);
    if (parsed.success) return parsed.data;
    logger.error('API answer does not match its schema', { call: name, issues: parsed.error.issues });
    throw new AppError('SERVER_ERROR', '服务器返回的数据无法识别，请稍后重试或联系客服');
  }

  /** The error an answer that is not 2xx carries; a 401 that ends the session is reported first. */
  function refusal({ status, body, carriedToken }: Answer): AppError {
    const error = toAppError(body, status >= 500 ? 'SERVICE_UNAVAILABLE' : 'SERVER_ERROR');
    if (status === 401 && carriedToken && isSessionEnd(error.code)) options.onSessionRejected?.(error);
    return error;
  }

  return { call, upload, download };
}

/** A file's bytes as a Buffer; an error answer's bytes as the JSON body they are. */
function binaryBody(status: number, data: unknown): unknown {
  const bytes = data instanceof ArrayBuffer ? Buffer.from(data) : Buffer.isBuffer(data) ? data : null;
  if (bytes === null || (status >= 200 && status < 300)) return bytes ?? data;
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch {
    return null;
  }
}

function isSessionEnd(code: ErrorCode): boolean {
  return code === 'SESSION_EXPIRED' || code === 'UNAUTHENTICATED';
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
