import { AppError } from '../../../src-shared/errors';
import type {
  BoundCertificatesResult,
  KeyBindResult,
  KeyCertificateInput,
  KeyGenerateRequestInput,
  KeyGeneratedRequest,
  KeyInstallCertificateInput,
  KeyStatus,
} from '../../../src-shared/ipc/contract';
import type { SessionUser } from '../../../src-shared/schemas/account';
import {
  challengeMessage,
  type ChallengePurpose,
  type ChangePinInput,
  type TokenCertificate,
} from '../../../src-shared/schemas/key';
import type { ApiClient } from '../api/client';
import type { CoreEvents } from '../events';
import { errorContext, type Logger } from '../logger';
import type { SessionService } from '../session';
import type { SyncService } from '../sync';
import { TokenClient, type TokenClientOptions } from '../token';
import type { BoundCertificates } from './boundCertificates';
import { createCertificateRequests } from './certificateRequests';

export const KEY_SERVICE_RESTARTED = 'KEY 服务已重启';

/** What the IPC handlers call for the USB KEY. */
export interface KeyService {
  status(): Promise<KeyStatus>;
  certificates(serial: string): Promise<{ items: TokenCertificate[] }>;
  changePin(input: ChangePinInput): Promise<{ ok: true }>;
  /** 绑定证书: the factory PIN is accepted; the answer says whether it must now be changed. */
  bind(input: KeyCertificateInput): Promise<KeyBindResult>;
  boundCertificates(): Promise<BoundCertificatesResult>;
  loginKey(input: KeyCertificateInput): Promise<SessionUser>;
  /**
   * 在 KEY 上生成密钥对 and the request for it (a new certificate, a renewal, a blank KEY at the counter);
   * a renewal also gets the KEY's proof, with the renewed certificate's key, for its submission.
   */
  generateRequest(input: KeyGenerateRequestInput): Promise<KeyGeneratedRequest>;
  /** 写入 KEY: the application's issued certificate next to its key pair. */
  installCertificate(input: KeyInstallCertificateInput): Promise<TokenCertificate>;
  /** Drops what the account kept on this computer (logout). */
  forgetAccount(userId: string): void;
  /** The KEY driver setting changed: the next call starts a token process with it. */
  reload(): Promise<void>;
  /** The token client, started on first use (the demo KEY set-up drives it directly). */
  client(): TokenClient;
  close(): Promise<void>;
}

export interface KeyServiceDeps {
  api: ApiClient;
  session: SessionService;
  events: CoreEvents;
  bound: BoundCertificates;
  /** The kept records: 写入 KEY reads the issued certificate the pull kept here, offline too. */
  sync: Pick<SyncService, 'kept' | 'refresh'>;
  logger: Logger;
  /** The driver path saved in the settings, read whenever a token process starts. */
  modulePath: () => string | null;
  /** Token client options: the token process's environment (SOFTHSM2_CONF), its factory, timings. */
  token?: Omit<TokenClientOptions, 'modulePath'>;
}

/** The USB KEY for the desktop: the token process (started lazily) and the API's challenge routes. */
export function createKeyService(deps: KeyServiceDeps): KeyService {
  const { api, session, events, bound, sync, logger } = deps;
  let current: TokenClient | null = null;
  let closed = false;

  function client(): TokenClient {
    if (current) return current;
    if (closed) throw new AppError('TOKEN_UNAVAILABLE', 'KEY 服务已关闭。');
    const created = new TokenClient({ ...deps.token, modulePath: deps.modulePath() });
    const announce = () => events.emit('key.presence', { tokens: created.tokens });
    created.on('inserted', announce);
    created.on('removed', announce);
    created.on('restarted', ({ crashes }) => {
      logger.warn('token process restarted', { crashes });
      events.emit('key.service', { state: 'restarted', message: KEY_SERVICE_RESTARTED });
    });
    created.on('unavailable', ({ message }) => {
      logger.error('token process given up', { message });
      events.emit('key.service', { state: 'unavailable', message });
    });
    created.startPresence();
    current = created;
    return created;
  }

  const requests = createCertificateRequests({ api, sync, client });

  /** Gets a challenge for `purpose` and has the KEY sign its message with the chosen certificate's key. */
  async function prove(input: KeyCertificateInput, purpose: ChallengePurpose) {
    const challenge = await api.call('key.challenge', { purpose }, { withSession: purpose !== 'login' });
    const signed = await client().signChallenge({
      serial: input.serial,
      pin: input.pin,
      fingerprint: input.fingerprint,
      challenge: Buffer.from(challengeMessage(challenge), 'utf8').toString('base64'),
      allowFactoryPin: purpose === 'bind',
    });
    return {
      challengeId: challenge.challengeId,
      certificatePem: signed.certificatePem,
      signature: signed.signature,
      algorithm: signed.algorithm,
    };
  }

  return {
    async status() {
      try {
        return { tokens: await client().listTokens(), problem: null };
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        return { tokens: [], problem: { code: error.code, message: error.message } };
      }
    },
    async certificates(serial) {
      return { items: await client().listCertificates(serial) };
    },
    async changePin({ serial, oldPin, newPin }) {
      await client().changePin({ serial, oldPin, newPin });
      return { ok: true };
    },
    async bind(input) {
      const user = session.requireUser();
      // The PIN is checked before a challenge is spent: a wrong one changes nothing on the server.
      const { mustChangePin } = await client().login({ serial: input.serial, pin: input.pin });
      const certificate = await api.call('certificates.bind', await prove(input, 'bind'));
      bound.remember(user.id, certificate);
      return { certificate, mustChangePin };
    },
    boundCertificates() {
      return bound.list(session.requireUser().id);
    },
    async loginKey(input) {
      const { mustChangePin } = await client().login({ serial: input.serial, pin: input.pin });
      if (mustChangePin) {
        throw new AppError('PIN_CHANGE_REQUIRED', '请先修改 KEY 的出厂 PIN 码，再用 KEY 登录。', {
          serial: input.serial,
        });
      }
      return session.start(await api.call('auth.loginKey', await prove(input, 'login')));
    },
    async generateRequest({ renews, ...input }) {
      if (renews === undefined) return requests.generate(input);
      session.requireUser();
      // The PIN first: a wrong or factory one (the KEY's own refusal) spends no challenge.
      const { mustChangePin } = await client().login({ serial: input.serial, pin: input.pin });
      if (mustChangePin) return requests.generate(input);
      // Then the proof: a KEY without the renewed certificate's key gets no new key pair.
      const renewalProof = await prove(
        { serial: input.serial, pin: input.pin, fingerprint: renews },
        'renew',
      );
      return { ...(await requests.generate(input)), renewalProof };
    },
    installCertificate(input) {
      session.requireUser();
      return requests.install(input);
    },
    forgetAccount(userId) {
      bound.forget(userId);
    },
    async reload() {
      const old = current;
      current = null;
      await old?.close();
      if (old) client();
    },
    client,
    async close() {
      closed = true;
      const old = current;
      current = null;
      try {
        await old?.close();
      } catch (error) {
        logger.warn('closing the token process failed', errorContext(error));
      }
    },
  };
}
