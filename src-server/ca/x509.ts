// @peculiar/x509 resolves its algorithm classes through tsyringe, which needs the Reflect metadata
// polyfill loaded first: every server module imports the library through this file.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as Crypto);

export { x509 };
