export { TokenClient, RESTARTED_MESSAGE } from './tokenClient';
export type { TokenClientOptions, TokenClientEvents, RestartPolicy } from './tokenClient';
export { forkTokenProcess, defaultWorkerEntry } from './tokenProcess';
export type { TokenProcess, TokenProcessFactory } from './tokenProcess';
export { resolveModule, MODULE_ENV, VENDOR_MODULES } from './modules';
export type { ResolvedModule } from './modules';
export type * from './types';
