import { getService, type ServiceCode } from '../catalogue';

/**
 * What the applicant posts to the centre with the printed 回执 (seed 003): for a new certificate the
 * 申请表 and copies of its uploads, stamped; for a renewal the KEY to renew. Derived from the
 * catalogue: a service with a 申请表 posts paper, one that reads the KEY posts the KEY.
 */
export function whatToPost(code: ServiceCode): string[] {
  const service = getService(code);
  if (!service) return [];
  const items: string[] = [];
  if (service.preconditions.some((precondition) => precondition.kind === 'keyInserted')) {
    items.push('需要续费的 USB KEY');
  }
  if (service.documents.some((document) => document.key === 'applicationForm')) {
    items.push('打印的申请表（签字并加盖公章）');
    for (const attachment of service.attachments) items.push(`${attachment.label}的复印件（加盖公章）`);
  }
  return items;
}

/** Each thing to post once, over all the applications of an order, in first-seen order. */
export function whatToPostFor(codes: readonly ServiceCode[]): string[] {
  return [...new Set(codes.flatMap(whatToPost))];
}
