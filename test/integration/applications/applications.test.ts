import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ApplicationResult, ApplicationsResult } from '../../../src-shared/ipc/contract';
import type { ApplicationDetail } from '../../../src-shared/schemas/application';
import { DEMO_ACCOUNTS } from '../../../src-server/seed/demoAccounts';
import { base64, enterpriseValues, submitEnterprise, useDeskServer } from '../core/desk';
import { pdfBytes, pngBytes } from '../server/fixtures';

const { operator, staff } = DEMO_ACCOUNTS;

const centre = useDeskServer();

describe('applications through the IPC handler table', () => {
  it('one form submitted twice with its key makes one application, listed and kept for offline', async () => {
    const { cable } = centre;
    const desk = await centre.open(operator);
    const before = (await desk.ok<ApplicationsResult>('applications.list')).items.length;
    const key = randomUUID();
    const first = await submitEnterprise(desk, key);
    const second = await submitEnterprise(desk, key);
    expect(first.ok && second.ok).toBe(true);
    const application = (first as { data: ApplicationDetail }).data;
    expect((second as { data: ApplicationDetail }).data.id).toBe(application.id);
    expect(application).toMatchObject({ service: 'cert.new.enterprise', state: 'pending', blankKey: true });
    expect(application.timeline.map((step) => step.transition)).toEqual(['submit']);

    const listed = await desk.ok<ApplicationsResult>('applications.list');
    expect(listed.items).toHaveLength(before + 1);
    expect(listed.fromCache).toBe(false);
    await desk.ok<ApplicationResult>('applications.get', { id: application.id });

    // The API goes away: the list and the details come from this computer, marked as such.
    await cable.unplug();
    const offline = await desk.ok<ApplicationsResult>('applications.list');
    expect(offline.fromCache).toBe(true);
    expect(offline.items.map((item) => item.id)).toContain(application.id);
    const detail = await desk.ok<ApplicationResult>('applications.get', { id: application.id });
    expect(detail).toMatchObject({ fromCache: true, application: { id: application.id } });
    const offlineUpload = await desk.call('uploads.put', {
      service: 'cert.new.enterprise',
      attachment: 'businessLicence',
      contentBase64: base64(pngBytes()),
    });
    // Offline, a file is kept on this computer under a placeholder id, uploaded by the sync later.
    expect(offlineUpload).toMatchObject({ ok: true, data: { attachment: 'businessLicence' } });
  });

  it('a file whose content is not what its name says is refused with the reason; bad base64 at the boundary', async () => {
    const desk = await centre.open(operator);
    const renamed = await desk.call('uploads.put', {
      service: 'cert.new.enterprise',
      attachment: 'businessLicence',
      fileName: 'licence.png',
      contentBase64: base64(pdfBytes()),
    });
    expect(renamed).toMatchObject({ ok: false, error: { code: 'ATTACHMENT_INVALID' } });
    expect(!renamed.ok && renamed.error.message).toContain('PDF');

    const garbled = await desk.call('uploads.put', {
      service: 'cert.new.enterprise',
      attachment: 'businessLicence',
      contentBase64: '***',
    });
    expect(garbled).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('staff accept from the queue; the applicant can no longer edit, and is told why', async () => {
    const { cable } = centre;
    const applicant = await centre.open(operator);
    const submitted = await submitEnterprise(applicant);
    if (!submitted.ok) throw new Error(submitted.error.message);
    const application = submitted.data as ApplicationDetail;

    const desk = await centre.open(staff);
    const queue = await desk.ok<{ items: { id: string }[] }>('staff.applications', { state: 'pending' });
    expect(queue.items.map((item) => item.id)).toContain(application.id);
    const noFeedback = await desk.call('applications.transition', {
      id: application.id,
      name: 'reject',
      version: application.version,
    });
    expect(noFeedback).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const accepted = await desk.ok<ApplicationDetail>('applications.transition', {
      id: application.id,
      name: 'accept',
      version: application.version,
    });
    expect(accepted.state).toBe('accepted');

    const fresh = await applicant.ok<ApplicationResult>('applications.get', { id: application.id });
    expect(fresh.application.timeline.map((step) => step.actor.name)).toEqual([operator.name, staff.name]);
    const edit = await applicant.call('applications.edit', {
      id: application.id,
      version: fresh.application.version,
      values: enterpriseValues(),
      attachments: fresh.application.attachments,
      blankKey: true,
    });
    expect(edit).toMatchObject({ ok: false, error: { code: 'STATE_FORBIDS_EDIT' } });
    expect(!edit.ok && edit.error.message).toContain('申请受理中');

    // Logging out forgets what this computer kept for the account.
    await applicant.ok('auth.logout');
    await cable.unplug();
    const kept = await applicant.call('applications.list');
    expect(kept).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });
});
