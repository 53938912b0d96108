/** The two Electron IPC channels between preload and main; the contract's channels travel inside them. */
export const INVOKE_CHANNEL = 'certdesk:invoke';
export const EVENT_CHANNEL = 'certdesk:event';
