import { useCallback, useRef } from 'react';
import type { FormInstance } from 'antd';
import { formSchema, type ServiceDef } from '../../src-shared/catalogue';
import { AppError } from '../../src-shared/errors';
import type { ApplicationDetail } from '../../src-shared/schemas/application';
import type { ProvePossessionInput } from '../../src-shared/schemas/key';
import { ipc } from '../bridge';
import { readBase64 } from '../files/files';
import { checkWith } from '../forms/checkWith';
import { useFormSubmit, type FormSubmit } from '../forms/useFormSubmit';
import {
  AGREEMENT_KEY,
  ATTACHMENTS_KEY,
  attachmentValues,
  isStoredFile,
  toApplicationValues,
  type FormValues,
} from './serviceForm';

/** A file's bytes as base64, for the IPC bridge (JSON over the WebSocket under start:web). */
export interface ServiceSubmit extends FormSubmit<FormValues> {
  /** A fresh form: the next submit makes a new application. */
  reset: () => void;
}

/**
 * Submitting a service's form: the values are checked with the service's schema, each picked file is
 * uploaded once (a retry reuses what was stored), then the application is sent with the form's
 * idempotency key — pressing 提交 twice, or again after a lost answer, makes one application.
 */
export function useServiceSubmit(
  service: ServiceDef,
  form: FormInstance<FormValues>,
  options: {
    /** The agreement step was accepted (a new application of a service that has one). */
    agreed: boolean;
    /** Saving an edit of this application (at the version shown) instead of submitting a new one. */
    editing?: { id: string; version: number };
    /** What the submission says of the key request (certificate services); throws while it is missing. */
    keyRequest?: () => { csrPem?: string; blankKey: boolean; renewalProof?: ProvePossessionInput };
    onSubmitted: (application: ApplicationDetail) => void;
  },
): ServiceSubmit {
  const idempotencyKey = useRef(crypto.randomUUID());
  const uploaded = useRef(new Map<Blob, string>());
  const { agreed, editing, onSubmitted } = options;

  async function uploadAll(formValues: FormValues): Promise<Record<string, string>> {
    const attachments: Record<string, string> = {};
    for (const [key, picked] of Object.entries(attachmentValues(formValues))) {
      if (isStoredFile(picked)) {
        attachments[key] = picked.uploadId;
        continue;
      }
      let id = uploaded.current.get(picked.file);
      if (id === undefined) {
        try {
          const stored = await ipc.invoke('uploads.put', {
            service: service.code,
            attachment: key,
            fileName: picked.name,
            contentBase64: await readBase64(picked.file),
          });
          id = stored.id;
        } catch (error) {
          // The server judged the file: say so under that upload.
          if (error instanceof AppError) {
            form.setFields([{ name: [ATTACHMENTS_KEY, key], errors: [error.message] }]);
          }
          throw error;
        }
        uploaded.current.set(picked.file, id);
      }
      attachments[key] = id;
    }
    return attachments;
  }

  const submit = useFormSubmit(
    form,
    async (formValues: FormValues) => {
      const all = form.getFieldsValue(true);
      const values = {
        ...toApplicationValues(service, { ...all, ...formValues }),
        ...(agreed ? { [AGREEMENT_KEY]: true } : {}),
      };
      checkWith(formSchema(service), values);
      const request = options.keyRequest?.() ?? { blankKey: false };
      const attachments = await uploadAll(all);
      if (editing) {
        // An edit keeps the certificate its renewal proved at submission: no proof goes with it.
        const { renewalProof: _proof, ...kept } = request;
        return ipc.invoke('applications.edit', { ...editing, values, attachments, ...kept });
      }
      return ipc.invoke('applications.submit', {
        idempotencyKey: idempotencyKey.current,
        service: service.code,
        values,
        attachments,
        ...request,
      });
    },
    { onSuccess: (application) => onSubmitted(application) },
  );

  const reset = useCallback(() => {
    idempotencyKey.current = crypto.randomUUID();
    uploaded.current = new Map();
  }, []);

  return { ...submit, reset };
}
