/**
 * Entry of the token process (child_process.fork, or Electron's utilityProcess). It loads the PKCS#11 module
 * named by the parent and answers one request at a time; a crash here costs the parent a restart, not the app.
 */
import { AppError } from '../../../src-shared/errors';
import { Pkcs11Token } from './pkcs11Token';
import { isOpName, WORKER_ENV, type OpName, type WorkerRequest, type WorkerResponse } from './protocol';
import { tokenFailure } from './tokenErrors';

interface ParentChannel {
  send(message: WorkerResponse): void;
  onMessage(listener: (message: unknown) => void): void;
}

interface UtilityParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

function parentChannel(): ParentChannel {
  const parentPort = (process as NodeJS.Process & { parentPort?: UtilityParentPort }).parentPort;
  if (parentPort) {
    return {
      send: (message) => parentPort.postMessage(message),
      onMessage: (listener) => parentPort.on('message', (event) => listener(event.data)),
    };
  }
  if (process.send) {
    const send = process.send.bind(process);
    process.on('disconnect', () => process.exit(0));
    return { send: (message) => send(message), onMessage: (listener) => process.on('message', listener) };
  }
  throw new Error('the token worker must be started by the token client');
}

type Handlers = { [N in OpName]: (input: WorkerRequest<N>['input']) => unknown };

function handlersFor(token: Pkcs11Token): Handlers {
  return {
    listTokens: () => token.listTokens(),
    mechanisms: (input) => token.mechanisms(input),
    listCertificates: (input) => token.listCertificates(input),
    login: (input) => token.login(input),
    changePin: (input) => token.changePin(input),
    generateRequest: (input) => token.generateRequest(input),
    importCertificate: (input) => token.importCertificate(input),
    removeCertificate: (input) => token.removeCertificate(input),
    signChallenge: (input) => token.signChallenge(input),
  };
}

function main(): void {
  const modulePath = process.env[WORKER_ENV.modulePath];
  const channel = parentChannel();
  const token = modulePath
    ? new Pkcs11Token({
        modulePath,
        slotsFixedAtInitialize: process.env[WORKER_ENV.slotsFixedAtInitialize] === '1',
      })
    : null;
  const handlers = token ? handlersFor(token) : null;

  channel.onMessage((message) => {
    const { id, op, input } = (message ?? {}) as Partial<WorkerRequest>;
    if (typeof id !== 'number') return;
    try {
      if (!handlers) throw new AppError('TOKEN_MODULE_MISSING', '未配置 KEY 驱动程序。');
      if (!isOpName(op)) throw new AppError('TOKEN_ERROR', 'KEY 服务收到了无法识别的请求。');
      const handler = handlers[op] as (value: unknown) => unknown;
      channel.send({ id, ok: true, data: handler(input ?? {}) });
    } catch (error) {
      channel.send({ id, ok: false, error: tokenFailure(error).toBody() });
    }
  });
  process.on('exit', () => token?.close());
}

main();
