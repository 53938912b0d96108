/**
 * Token benchmark on a fresh SoftHSM2 token: read all certificates, sign a challenge, generate a key pair
 * (+ CSR for certdesk). certdesk goes through its token process (the path the app uses) and, for reference,
 * in-process; OpenSC's pkcs11-tool does the same on the same token in the same run. Prints ops/s and ratios.
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { TokenClient } from '../../src-main/core/token';
import { Pkcs11Token } from '../../src-main/core/token/pkcs11Token';
import { createSoftHsm, SOFTHSM_MODULE } from '../helpers/softhsm';
import { createTestCa } from '../integration/token/testCa';

const PIN = 'Ab1234';
const CERTIFICATES = 5;

async function opsPerSecond(count: number, op: () => unknown): Promise<number> {
  await op(); // warm-up
  const start = performance.now();
  for (let i = 0; i < count; i += 1) await op();
  return count / ((performance.now() - start) / 1000);
}

export async function run(): Promise<void> {
  const hsm = createSoftHsm();
  const key = hsm.createToken('BENCH');
  const client = new TokenClient({ modulePath: SOFTHSM_MODULE, env: hsm.env });
  try {
    const { serial } = key;
    await client.changePin({ serial, oldPin: '111111', newPin: PIN });
    const ca = createTestCa();
    let signer = { fingerprint: '', keyId: '' };
    for (let i = 0; i < CERTIFICATES; i += 1) {
      const request = await client.generateRequest({
        serial,
        pin: PIN,
        algorithm: 'RSA-2048',
        subject: { commonName: `基准${i}` },
      });
      const stored = await client.importCertificate({
        serial,
        pin: PIN,
        certificatePem: ca.issue(request.csrPem),
      });
      signer = { fingerprint: stored.fingerprint, keyId: request.keyId };
    }
    const challenge = crypto.randomBytes(32);
    const challengeFile = path.join(hsm.root, 'challenge.bin');
    fs.writeFileSync(challengeFile, challenge);

    process.env.SOFTHSM2_CONF = hsm.confPath; // for the in-process reference only
    const direct = new Pkcs11Token({ modulePath: SOFTHSM_MODULE, slotsFixedAtInitialize: true });
    const tool = (...args: string[]) =>
      execFileSync('pkcs11-tool', ['--module', SOFTHSM_MODULE, '--token-label', 'BENCH', ...args], {
        env: hsm.env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    const sign = {
      serial,
      pin: PIN,
      fingerprint: signer.fingerprint,
      challenge: challenge.toString('base64'),
    };
    const generate = { serial, pin: PIN, algorithm: 'RSA-2048' as const, subject: { commonName: '基准' } };

    const rows: [string, number, number, number][] = [
      [
        `read all certificates (${CERTIFICATES})`,
        await opsPerSecond(50, () => client.listCertificates(serial)),
        await opsPerSecond(50, () => direct.listCertificates({ serial })),
        await opsPerSecond(20, () => tool('--list-objects', '--type', 'cert')),
      ],
      [
        'sign challenge (RSA-2048, SHA-256)',
        await opsPerSecond(50, () => client.signChallenge(sign)),
        await opsPerSecond(50, () => direct.signChallenge(sign)),
        await opsPerSecond(20, () =>
          tool(
            '--login',
            '--pin',
            PIN,
            '--sign',
            '--mechanism',
            'SHA256-RSA-PKCS',
            '--id',
            signer.keyId,
            '-i',
            challengeFile,
            '-o',
            path.join(hsm.root, 'sig.bin'),
          ),
        ),
      ],
      [
        'generate RSA-2048 key (+ CSR for certdesk)',
        await opsPerSecond(8, () => client.generateRequest(generate)),
        await opsPerSecond(8, () => direct.generateRequest(generate)),
        await opsPerSecond(8, () =>
          tool(
            '--login',
            '--pin',
            PIN,
            '--keypairgen',
            '--key-type',
            'rsa:2048',
            '--id',
            crypto.randomBytes(8).toString('hex'),
            '--label',
            'bench',
          ),
        ),
      ],
    ];
    direct.close();

    console.log(
      'operation'.padEnd(44),
      'certdesk ops/s',
      'in-process ops/s',
      'pkcs11-tool ops/s',
      'certdesk÷tool',
      'in-process÷tool',
    );
    for (const [name, viaProcess, inProcess, viaTool] of rows) {
      console.log(
        name.padEnd(44),
        viaProcess.toFixed(1).padStart(14),
        inProcess.toFixed(1).padStart(16),
        viaTool.toFixed(1).padStart(17),
        `${(viaProcess / viaTool).toFixed(2)}×`.padStart(13),
        `${(inProcess / viaTool).toFixed(2)}×`.padStart(15),
      );
    }
    console.log(
      'pkcs11-tool starts a process and loads the module for each operation, as a script using it would;',
    );
    console.log('its key generation makes no CSR, so that row favours it.');
  } finally {
    await client.close();
    hsm.cleanup();
  }
}
