// @peculiar/x509 resolves its algorithm classes through tsyringe, which needs the Reflect metadata
// polyfill loaded first: every server module imports the library through this file.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';

// The global Web Crypto (the same object as node:crypto's webcrypto) has the DOM types the library expects.
x509.cryptoProvider.set(crypto);

export { x509 };
