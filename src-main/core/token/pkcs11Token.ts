import crypto from 'node:crypto';
import pkcs11js from 'pkcs11js';
import { AppError } from '../../../src-shared/errors';
import { FACTORY_PIN, NEW_PIN_MESSAGES, newPinProblem } from '../../../src-shared/rules/pin';
import {
  certificateDerFromPem,
  certificateParts,
  describeCertificate,
  fingerprintOf,
  toPem,
} from './certificate';
import {
  certificationRequestInfo,
  certificationRequestPem,
  ecdsaRawToDer,
  ecP256SubjectPublicKeyInfo,
  ecPointFromAttribute,
  P256_PARAMS,
  rsaSubjectPublicKeyInfo,
  type SignatureAlgorithm,
} from './csr';
import { moduleLoadError } from './modules';
import type { OpInput, OpOutput } from './protocol';
import {
  ckrName,
  isKeyGone,
  keyNotPresent,
  pinChangeRequired,
  pinLockedError,
  tokenFailure,
  wrongPinError,
} from './tokenErrors';
import type { PinState, ReadableTokenCertificate, TokenCertificate, TokenSummary } from './types';

type Handle = pkcs11js.Handle;
type Template = pkcs11js.Template;

const P = pkcs11js;
const MAX_CHALLENGE_BYTES = 4096;

/**
 * A key pair is made under this label, with the making process's id, and gets its real label only once its
 * request is signed. So a pair whose generation never finished (the token process died in it) can be told
 * from a finished one that waits for its certificate from the centre, which must stay.
 */
const PENDING_LABEL = 'certdesk-pending:';

export function pendingLabel(pid: number = process.pid): string {
  return `${PENDING_LABEL}${pid}`;
}

/** The process that is making the pair under this label, or null for a finished (or foreign) pair. */
function pendingMaker(label: string): number | null {
  if (!label.startsWith(PENDING_LABEL)) return null;
  const pid = Number(label.slice(PENDING_LABEL.length));
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

/** Whether another process with this id runs (on this computer: a KEY is in one computer at a time). */
function runsElsewhere(pid: number): boolean {
  // This process does one thing at a time: while it sweeps, it is making no key pair.
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface Pkcs11TokenOptions {
  modulePath: string;
  /** The module sees only tokens present at C_Initialize (SoftHSM2): re-initialise before looking for KEYs. */
  slotsFixedAtInitialize: boolean;
  now?: () => Date;
}

interface SessionContext {
  session: Handle;
  slot: Handle;
  pin: PinState;
}

/**
 * The PKCS#11 module as this app uses it. Runs inside the token process only: every call blocks, and a vendor
 * module may crash. KEYs are addressed by serial number; each operation opens its own session and closes it,
 * so a KEY pulled out between operations leaves nothing stale behind.
 */
export class Pkcs11Token {
  private lib: pkcs11js.PKCS11 | null = null;
  private readonly now: () => Date;
  /** KEYs (by serial) already cleared of unfinished key pairs in this process. */
  private readonly swept = new Set<string>();

  constructor(private readonly options: Pkcs11TokenOptions) {
    this.now = options.now ?? (() => new Date());
  }

  close(): void {
    if (!this.lib) return;
    try {
      this.lib.C_Finalize();
    } catch {
      // already finalised
    }
    this.lib.close();
    this.lib = null;
  }

  listTokens(): TokenSummary[] {
    const lib = this.module();
    this.rescan();
    const tokens: TokenSummary[] = [];
    for (const slot of lib.C_GetSlotList(true)) {
      try {
        const info = lib.C_GetTokenInfo(slot);
        if (!(info.flags & P.CKF_TOKEN_INITIALIZED)) continue;
        tokens.push({
          serial: info.serialNumber.trim(),
          label: info.label.trim(),
          manufacturer: info.manufacturerID.trim(),
          model: info.model.trim(),
          slotDescription: lib.C_GetSlotInfo(slot).slotDescription.trim(),
          pin: pinState(info.flags),
        });
      } catch {
        // a KEY pulled out while we looked: it is simply not listed
      }
    }
    return tokens;
  }

  mechanisms({ serial }: OpInput<'mechanisms'>): OpOutput<'mechanisms'> {
    return this.withSession(serial, { write: false }, ({ slot }) => {
      const list = new Set(this.module().C_GetMechanismList(slot));
      return {
        rsa2048: list.has(P.CKM_RSA_PKCS_KEY_PAIR_GEN) && list.has(P.CKM_SHA256_RSA_PKCS),
        ecP256: list.has(P.CKM_EC_KEY_PAIR_GEN) && list.has(P.CKM_ECDSA),
      };
    });
  }

  listCertificates({ serial }: OpInput<'listCertificates'>): TokenCertificate[] {
    return this.withSession(serial, { write: false }, ({ session }) =>
      this.certificateObjects(session).map(({ value, id, label }) => this.readCertificate(value, id, label)),
    );
  }

  login({ serial, pin }: OpInput<'login'>): OpOutput<'login'> {
    return this.withSession(serial, { write: false, pin }, (context) => ({
      serial,
      mustChangePin: mustChangePin(pin, context.pin),
    }));
  }

  changePin({ serial, oldPin, newPin }: OpInput<'changePin'>): OpOutput<'changePin'> {
    const problem = newPinProblem(newPin, oldPin);
    if (problem) {
      throw new AppError('VALIDATION', NEW_PIN_MESSAGES[problem], {
        fields: [{ field: 'newPin', message: NEW_PIN_MESSAGES[problem] }],
      });
    }
    return this.withSession(serial, { write: true, pin: oldPin }, ({ session }) => {
      this.module().C_SetPIN(session, oldPin, newPin);
      return { serial, mustChangePin: false };
    });
  }

  generateRequest(input: OpInput<'generateRequest'>): OpOutput<'generateRequest'> {
    const { serial, pin, algorithm, subject } = input;
    return this.withSession(serial, { write: true, pin }, (context) => {
      if (!input.allowFactoryPin && mustChangePin(pin, context.pin)) throw pinChangeRequired();
      const lib = this.module();
      const mechanisms = new Set(lib.C_GetMechanismList(context.slot));
      const ec = algorithm === 'EC-P256';
      if (ec ? !mechanisms.has(P.CKM_EC_KEY_PAIR_GEN) : !mechanisms.has(P.CKM_RSA_PKCS_KEY_PAIR_GEN)) {
        throw new AppError(
          'TOKEN_MECHANISM_UNSUPPORTED',
          `这只 KEY 不支持生成 ${ec ? 'EC P-256' : 'RSA-2048'} 密钥，请改用其他算法或更换 KEY。`,
        );
      }
      const id = crypto.randomBytes(16);
      const label = input.label ?? subject.commonName;
      const keys = this.generatePair(context.session, ec, id, pendingLabel());
      const csrPem = this.signedRequest(context.session, keys, ec, subject);
      try {
        // The private key first: the pair counts as finished once the public key, the last, is relabelled.
        this.setLabel(context.session, keys.privateKey, label);
        this.setLabel(context.session, keys.publicKey, label);
      } catch (error) {
        this.destroyQuietly(context.session, [keys.privateKey, keys.publicKey]);
        if (isKeyGone(error)) throw error;
        // A KEY that keeps labels as made: make the pair again under its real label, without the mark.
        const unmarked = this.generatePair(context.session, ec, id, label);
        return {
          keyId: id.toString('hex'),
          algorithm,
          csrPem: this.signedRequest(context.session, unmarked, ec, subject),
        };
      }
      return { keyId: id.toString('hex'), algorithm, csrPem };
    });
  }

  /** The PKCS#10 request for a new pair, signed on the KEY; a pair whose request fails is destroyed. */
  private signedRequest(
    session: Handle,
    keys: pkcs11js.KeyPair,
    ec: boolean,
    subject: OpInput<'generateRequest'>['subject'],
  ): string {
    try {
      const spki = ec
        ? ecP256SubjectPublicKeyInfo(
            ecPointFromAttribute(this.attribute(session, keys.publicKey, P.CKA_EC_POINT)),
          )
        : rsaSubjectPublicKeyInfo(
            this.attribute(session, keys.publicKey, P.CKA_MODULUS),
            this.attribute(session, keys.publicKey, P.CKA_PUBLIC_EXPONENT),
          );
      const info = certificationRequestInfo(subject, spki);
      const signatureAlgorithm: SignatureAlgorithm = ec ? 'ecdsa-with-SHA256' : 'sha256WithRSAEncryption';
      const signature = this.sign(session, keys.privateKey, signatureAlgorithm, info);
      return certificationRequestPem(info, signatureAlgorithm, signature);
    } catch (error) {
      this.destroyQuietly(session, [keys.privateKey, keys.publicKey]);
      throw error;
    }
  }

  importCertificate({ serial, pin, certificatePem, label }: OpInput<'importCertificate'>): TokenCertificate {
    const der = parseCertificateInput(certificatePem);
    const parts = certificateParts(der);
    const details = describeCertificate(der, this.now());
    return this.withSession(serial, { write: true, pin }, ({ session }) => {
      const existing = this.certificateObjects(session).find(
        (c) => fingerprintOf(c.value) === details.fingerprint,
      );
      if (existing) return this.readCertificate(existing.value, existing.id, existing.label);

      const keyId = this.keyIdForPublicKey(session, parts.subjectPublicKeyInfo.bytes);
      const certificateLabel = label ?? details.subject.commonName ?? 'certificate';
      this.module().C_CreateObject(session, [
        { type: P.CKA_CLASS, value: P.CKO_CERTIFICATE },
        { type: P.CKA_CERTIFICATE_TYPE, value: P.CKC_X_509 },
        { type: P.CKA_TOKEN, value: true },
        { type: P.CKA_PRIVATE, value: false },
        { type: P.CKA_LABEL, value: certificateLabel },
        { type: P.CKA_ID, value: keyId },
        { type: P.CKA_SUBJECT, value: Buffer.from(parts.subject.bytes) },
        { type: P.CKA_ISSUER, value: Buffer.from(parts.issuer.bytes) },
        { type: P.CKA_SERIAL_NUMBER, value: Buffer.from(parts.serialNumber.bytes) },
        { type: P.CKA_VALUE, value: der },
      ]);
      return this.readCertificate(der, keyId, certificateLabel);
    });
  }

  removeCertificate({
    serial,
    pin,
    fingerprint,
    removeKeys,
  }: OpInput<'removeCertificate'>): OpOutput<'removeCertificate'> {
    return this.withSession(serial, { write: true, pin }, ({ session }) => {
      const certificates = this.certificateObjects(session);
      const target = certificates.find((c) => fingerprintOf(c.value) === fingerprint);
      if (!target) return { removed: false };
      const lib = this.module();
      lib.C_DestroyObject(session, target.handle);
      const keyStillUsed = certificates.some((c) => c !== target && c.id.equals(target.id));
      if (removeKeys && target.id.length > 0 && !keyStillUsed) {
        for (const keyClass of [P.CKO_PRIVATE_KEY, P.CKO_PUBLIC_KEY]) {
          for (const key of this.findObjects(session, [
            { type: P.CKA_CLASS, value: keyClass },
            { type: P.CKA_ID, value: target.id },
          ])) {
            lib.C_DestroyObject(session, key);
          }
        }
      }
      return { removed: true };
    });
  }

  signChallenge(input: OpInput<'signChallenge'>): OpOutput<'signChallenge'> {
    const { serial, pin, fingerprint } = input;
    const challenge = Buffer.from(input.challenge, 'base64');
    if (challenge.length === 0 || challenge.length > MAX_CHALLENGE_BYTES) {
      throw new AppError('VALIDATION', '待签名的数据无效，请重新获取验证码后重试。', {
        fields: [{ field: 'challenge', message: '待签名的数据无效' }],
      });
    }
    return this.withSession(serial, { write: false, pin }, (context) => {
      if (!input.allowFactoryPin && mustChangePin(pin, context.pin)) throw pinChangeRequired();
      const certificate = this.certificateObjects(context.session).find(
        (c) => fingerprintOf(c.value) === fingerprint,
      );
      if (!certificate) {
        throw new AppError('TOKEN_CERT_NOT_FOUND', 'KEY 中没有找到该证书，请确认插入的是正确的 KEY。', {
          fingerprint,
        });
      }
      const [privateKey] = this.findObjects(context.session, [
        { type: P.CKA_CLASS, value: P.CKO_PRIVATE_KEY },
        { type: P.CKA_ID, value: certificate.id },
      ]);
      if (!privateKey) throw missingPrivateKey();
      const keyType = this.attribute(context.session, privateKey, P.CKA_KEY_TYPE).readUIntLE(0, 4);
      const algorithm: SignatureAlgorithm =
        keyType === P.CKK_EC ? 'ecdsa-with-SHA256' : 'sha256WithRSAEncryption';
      const signature = this.sign(context.session, privateKey, algorithm, challenge);
      return { signature: signature.toString('base64'), algorithm, certificatePem: toPem(certificate.value) };
    });
  }

  // ---- module and sessions ----

  private module(): pkcs11js.PKCS11 {
    if (this.lib) return this.lib;
    const lib = new pkcs11js.PKCS11();
    try {
      lib.load(this.options.modulePath);
    } catch (error) {
      throw moduleLoadError(this.options.modulePath, error instanceof Error ? error.message : String(error));
    }
    initialize(lib);
    this.lib = lib;
    return lib;
  }

  private rescan(): void {
    if (!this.options.slotsFixedAtInitialize || !this.lib) return;
    try {
      this.lib.C_Finalize();
    } catch {
      // not initialised: fine
    }
    initialize(this.lib);
  }

  private findSlot(serial: string): { slot: Handle; pin: PinState } {
    const lib = this.module();
    this.rescan();
    for (const slot of lib.C_GetSlotList(true)) {
      try {
        const info = lib.C_GetTokenInfo(slot);
        if (info.serialNumber.trim() === serial) return { slot, pin: pinState(info.flags) };
      } catch {
        // pulled out while we looked
      }
    }
    throw keyNotPresent(serial);
  }

  private withSession<T>(
    serial: string,
    options: { write: boolean; pin?: string },
    run: (context: SessionContext) => T,
  ): T {
    let session: Handle | null = null;
    try {
      const lib = this.module();
      const { slot, pin } = this.findSlot(serial);
      if (options.pin !== undefined && pin.locked) throw pinLockedError();
      session = lib.C_OpenSession(slot, P.CKF_SERIAL_SESSION | (options.write ? P.CKF_RW_SESSION : 0));
      if (options.pin !== undefined) {
        this.logIn(session, slot, options.pin);
        if (!this.swept.has(serial)) {
          this.swept.add(serial);
          this.removeUnfinishedPairs(slot);
        }
      }
      return run({ session, slot, pin });
    } catch (error) {
      throw this.explain(error, serial);
    } finally {
      if (session !== null && this.lib) {
        try {
          this.lib.C_CloseSession(session);
        } catch {
          // the KEY went away with its session
        }
      }
    }
  }

  private logIn(session: Handle, slot: Handle, pin: string): void {
    const lib = this.module();
    try {
      lib.C_Login(session, P.CKU_USER, pin);
    } catch (error) {
      const name = ckrName(error);
      if (name === 'CKR_USER_ALREADY_LOGGED_IN') return;
      if (name === 'CKR_PIN_INCORRECT' || name === 'CKR_PIN_LEN_RANGE' || name === 'CKR_PIN_INVALID') {
        throw wrongPinError(pinState(lib.C_GetTokenInfo(slot).flags));
      }
      if (name === 'CKR_PIN_LOCKED') throw pinLockedError();
      if (name === 'CKR_PIN_EXPIRED') throw pinChangeRequired();
      throw error;
    }
  }

  /** Turns a module failure into what the person needs to know; a KEY that is gone says so. */
  private explain(error: unknown, serial: string): AppError {
    if (error instanceof AppError) return error;
    if (isKeyGone(error)) return keyNotPresent(serial);
    try {
      this.findSlot(serial);
    } catch {
      return keyNotPresent(serial);
    }
    return tokenFailure(error);
  }

  /**
   * Destroys the key pairs whose generation never finished: marked pending (PENDING_LABEL) by a process that no
   * longer runs, and with no certificate sharing their CKA_ID. It runs once per KEY in each token process, at
   * the first login, not when the process starts: public keys and certificates are public objects that any
   * session sees, but a private key is a private object, found and destroyed only after C_Login, so without
   * the PIN the half that matters could not be removed. It uses a session of its own (read-write, sharing the
   * login). A finished pair waiting for its certificate has its real label and is never looked at; a pair
   * with a certificate is never touched. Best effort: a KEY that refuses keeps the pair, which harms nothing,
   * and the caller's operation goes on.
   */
  private removeUnfinishedPairs(slot: Handle): void {
    const lib = this.module();
    let session: Handle | null = null;
    try {
      session = lib.C_OpenSession(slot, P.CKF_SERIAL_SESSION | P.CKF_RW_SESSION);
      const keyClasses = [P.CKO_PUBLIC_KEY, P.CKO_PRIVATE_KEY];
      const unfinished = new Map<string, Buffer>();
      for (const keyClass of keyClasses) {
        for (const key of this.findObjects(session, [{ type: P.CKA_CLASS, value: keyClass }])) {
          const label = this.optionalAttribute(session, key, P.CKA_LABEL)?.toString('utf8') ?? '';
          const maker = pendingMaker(label);
          if (maker === null || runsElsewhere(maker)) continue;
          const id = this.optionalAttribute(session, key, P.CKA_ID);
          if (id && id.length > 0) unfinished.set(id.toString('hex'), id);
        }
      }
      if (unfinished.size === 0) return;
      const certified = new Set(this.certificateObjects(session).map((c) => c.id.toString('hex')));
      for (const [hex, id] of unfinished) {
        if (certified.has(hex)) continue;
        for (const keyClass of keyClasses) {
          for (const key of this.findObjects(session, [
            { type: P.CKA_CLASS, value: keyClass },
            { type: P.CKA_ID, value: id },
          ])) {
            lib.C_DestroyObject(session, key);
          }
        }
      }
    } catch {
      // see above: best effort
    } finally {
      if (session !== null) {
        try {
          lib.C_CloseSession(session);
        } catch {
          // the KEY went away with its session
        }
      }
    }
  }

  // ---- objects ----

  private findObjects(session: Handle, template: Template): Handle[] {
    const lib = this.module();
    lib.C_FindObjectsInit(session, template);
    try {
      const found: Handle[] = [];
      for (;;) {
        const batch = lib.C_FindObjects(session, 64);
        if (batch.length === 0) return found;
        found.push(...batch);
      }
    } finally {
      lib.C_FindObjectsFinal(session);
    }
  }

  private attribute(session: Handle, object: Handle, type: number): Buffer {
    const [result] = this.module().C_GetAttributeValue(session, object, [{ type }]);
    if (!result?.value) throw new Error('CKR_ATTRIBUTE_TYPE_INVALID');
    return result.value;
  }

  private optionalAttribute(session: Handle, object: Handle, type: number): Buffer | null {
    try {
      return this.attribute(session, object, type);
    } catch (error) {
      if (isKeyGone(error)) throw error;
      return null;
    }
  }

  private certificateObjects(
    session: Handle,
  ): { handle: Handle; value: Buffer; id: Buffer; label: string }[] {
    return this.findObjects(session, [{ type: P.CKA_CLASS, value: P.CKO_CERTIFICATE }]).map((handle) => ({
      handle,
      value: this.optionalAttribute(session, handle, P.CKA_VALUE) ?? Buffer.alloc(0),
      id: this.optionalAttribute(session, handle, P.CKA_ID) ?? Buffer.alloc(0),
      label: (this.optionalAttribute(session, handle, P.CKA_LABEL) ?? Buffer.alloc(0)).toString('utf8'),
    }));
  }

  private readCertificate(value: Buffer, id: Buffer, label: string): TokenCertificate {
    try {
      const details = describeCertificate(value, this.now());
      return {
        ...details,
        readable: true,
        keyId: id.toString('hex'),
        label,
      } satisfies ReadableTokenCertificate;
    } catch {
      return {
        readable: false,
        fingerprint: fingerprintOf(value),
        keyId: id.toString('hex'),
        label,
        problem: '证书数据已损坏或格式不受支持，无法读取。如需使用，请到服务窗口重新写入证书。',
      };
    }
  }

  /** The CKA_ID of the key pair on the token whose public key is the certificate's. */
  private keyIdForPublicKey(session: Handle, spki: Buffer): Buffer {
    const jwk = crypto.createPublicKey({ key: spki, format: 'der', type: 'spki' }).export({ format: 'jwk' });
    const wanted =
      jwk.kty === 'RSA'
        ? { keyType: P.CKK_RSA, value: Buffer.from(jwk.n ?? '', 'base64url') }
        : {
            keyType: P.CKK_EC,
            value: Buffer.concat([
              Buffer.from([4]),
              Buffer.from(jwk.x ?? '', 'base64url'),
              Buffer.from(jwk.y ?? '', 'base64url'),
            ]),
          };
    for (const keyClass of [P.CKO_PUBLIC_KEY, P.CKO_PRIVATE_KEY]) {
      const keys = this.findObjects(session, [
        { type: P.CKA_CLASS, value: keyClass },
        { type: P.CKA_KEY_TYPE, value: wanted.keyType },
      ]);
      for (const key of keys) {
        const id = this.optionalAttribute(session, key, P.CKA_ID);
        if (
          id &&
          this.publicValueOf(session, key, wanted.keyType)?.equals(wanted.value) &&
          this.hasPrivateKey(session, id)
        ) {
          return id;
        }
      }
    }
    throw missingPrivateKey();
  }

  private hasPrivateKey(session: Handle, id: Buffer): boolean {
    return (
      this.findObjects(session, [
        { type: P.CKA_CLASS, value: P.CKO_PRIVATE_KEY },
        { type: P.CKA_ID, value: id },
      ]).length > 0
    );
  }

  private publicValueOf(session: Handle, key: Handle, keyType: number): Buffer | null {
    if (keyType === P.CKK_RSA) {
      const modulus = this.optionalAttribute(session, key, P.CKA_MODULUS);
      if (!modulus) return null;
      let start = 0;
      while (start < modulus.length - 1 && modulus[start] === 0) start += 1;
      return modulus.subarray(start);
    }
    const point = this.optionalAttribute(session, key, P.CKA_EC_POINT);
    try {
      return point ? ecPointFromAttribute(point) : null;
    } catch {
      return null;
    }
  }

  private generatePair(session: Handle, ec: boolean, id: Buffer, label: string): pkcs11js.KeyPair {
    return ec ? this.generateEc(session, id, label) : this.generateRsa(session, id, label);
  }

  private setLabel(session: Handle, object: Handle, label: string): void {
    this.module().C_SetAttributeValue(session, object, [{ type: P.CKA_LABEL, value: label }]);
  }

  private generateRsa(session: Handle, id: Buffer, label: string): pkcs11js.KeyPair {
    return this.module().C_GenerateKeyPair(
      session,
      { mechanism: P.CKM_RSA_PKCS_KEY_PAIR_GEN },
      [
        ...publicKeyTemplate(id, label),
        { type: P.CKA_MODULUS_BITS, value: 2048 },
        { type: P.CKA_PUBLIC_EXPONENT, value: Buffer.from([1, 0, 1]) },
      ],
      privateKeyTemplate(id, label),
    );
  }

  private generateEc(session: Handle, id: Buffer, label: string): pkcs11js.KeyPair {
    return this.module().C_GenerateKeyPair(
      session,
      { mechanism: P.CKM_EC_KEY_PAIR_GEN },
      [...publicKeyTemplate(id, label), { type: P.CKA_EC_PARAMS, value: P256_PARAMS }],
      privateKeyTemplate(id, label),
    );
  }

  private sign(session: Handle, key: Handle, algorithm: SignatureAlgorithm, data: Buffer): Buffer {
    const lib = this.module();
    if (algorithm === 'sha256WithRSAEncryption') {
      lib.C_SignInit(session, { mechanism: P.CKM_SHA256_RSA_PKCS }, key);
      return lib.C_Sign(session, data, Buffer.alloc(1024));
    }
    lib.C_SignInit(session, { mechanism: P.CKM_ECDSA }, key);
    const digest = crypto.createHash('sha256').update(data).digest();
    return ecdsaRawToDer(lib.C_Sign(session, digest, Buffer.alloc(256)));
  }

  private destroyQuietly(session: Handle, objects: Handle[]): void {
    for (const object of objects) {
      try {
        this.module().C_DestroyObject(session, object);
      } catch {
        // best effort: an orphan key is harmless
      }
    }
  }
}

function initialize(lib: pkcs11js.PKCS11): void {
  try {
    lib.C_Initialize();
  } catch (error) {
    if (ckrName(error) !== 'CKR_CRYPTOKI_ALREADY_INITIALIZED') throw error;
  }
}

export function pinState(flags: number): PinState {
  return {
    countLow: (flags & P.CKF_USER_PIN_COUNT_LOW) !== 0,
    finalTry: (flags & P.CKF_USER_PIN_FINAL_TRY) !== 0,
    locked: (flags & P.CKF_USER_PIN_LOCKED) !== 0,
    toBeChanged: (flags & P.CKF_USER_PIN_TO_BE_CHANGED) !== 0,
  };
}

function mustChangePin(pin: string, state: PinState): boolean {
  return pin === FACTORY_PIN || state.toBeChanged;
}

function publicKeyTemplate(id: Buffer, label: string): Template {
  return [
    { type: P.CKA_TOKEN, value: true },
    { type: P.CKA_PRIVATE, value: false },
    { type: P.CKA_ID, value: id },
    { type: P.CKA_LABEL, value: label },
    { type: P.CKA_VERIFY, value: true },
  ];
}

function privateKeyTemplate(id: Buffer, label: string): Template {
  return [
    { type: P.CKA_TOKEN, value: true },
    { type: P.CKA_PRIVATE, value: true },
    { type: P.CKA_SENSITIVE, value: true },
    { type: P.CKA_EXTRACTABLE, value: false },
    { type: P.CKA_SIGN, value: true },
    { type: P.CKA_ID, value: id },
    { type: P.CKA_LABEL, value: label },
  ];
}

function missingPrivateKey(): AppError {
  return new AppError(
    'TOKEN_KEY_NOT_FOUND',
    'KEY 中没有与该证书对应的私钥。请确认证书是为这只 KEY 申请的，或插入申请证书时使用的 KEY。',
  );
}

function parseCertificateInput(pem: string): Buffer {
  try {
    const der = certificateDerFromPem(pem);
    describeCertificate(der);
    return der;
  } catch {
    const message = '证书内容无法识别，请确认是服务中心签发的 X.509 证书（PEM 格式）。';
    throw new AppError('VALIDATION', message, { fields: [{ field: 'certificatePem', message }] });
  }
}
