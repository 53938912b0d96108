import { REMITTANCE_SLIP } from '../../src-shared/schemas/order';
import { ipc } from '../bridge';
import { readBase64 } from '../files/files';
import type { PickedFile } from '../services/serviceForm';

/** Sends a picked 汇款底单 to the server (no service: it belongs to an order); answers its upload id. */
export async function uploadSlip(picked: PickedFile): Promise<string> {
  const stored = await ipc.invoke('uploads.put', {
    attachment: REMITTANCE_SLIP.key,
    fileName: picked.name,
    contentBase64: await readBase64(picked.file),
  });
  return stored.id;
}
