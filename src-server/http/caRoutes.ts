import type { FastifyInstance } from 'fastify';
import { CA_CRL_PATH, CA_PEM_PATH } from '../../src-shared/api/routes';
import type { ServiceContext } from '../services/context';
import { publishedRevocationList } from '../services/revocationLists';

/** The CA's public files: its CRL and its certificate, for anyone who checks a certificate we issued. */
export function registerCaRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  app.get(CA_CRL_PATH, async (_request, reply) => {
    const list = await publishedRevocationList(ctx);
    return reply
      .header('content-type', 'application/pkix-crl')
      .header('cache-control', 'no-cache')
      .header('last-modified', list.thisUpdate.toUTCString())
      .send(list.der);
  });
  app.get(CA_PEM_PATH, async (_request, reply) =>
    reply
      .header('content-type', 'application/x-pem-file')
      .header('cache-control', 'no-cache')
      .send(ctx.ca.pem),
  );
}
