import { applicantActions, applyEdit, formatYuan, type ServiceDef } from '../../src-shared/catalogue';
import type { Application } from '../../src-shared/schemas/application';
import { CERTIFICATE_NOT_KEPT } from '../../src-shared/schemas/key';
import { writableOnKey } from '../services/keyRequest';

/**
 * What the applicant's drawer offers for one application, and why a button is greyed out. Offline,
 * editing, withdrawing and deleting are kept on this computer and synced later (issue 9, "What works
 * offline"); only what needs the centre itself waits for the network, and says so.
 */

export const WRITE_KEY_NEEDS_SERVER = CERTIFICATE_NOT_KEPT;

/** 写入 KEY offline: it needs the issued certificate kept on this computer (pulled while online). */
export function writeKeyRefusal(offline: boolean, certificateKept: boolean): string | null {
  return offline && !certificateKept ? WRITE_KEY_NEEDS_SERVER : null;
}

export interface DrawerAction {
  shown: boolean;
  /** Why the button is greyed out; null when it may be pressed. */
  disabledReason: string | null;
}

export interface DrawerActions {
  edit: DrawerAction;
  withdraw: DrawerAction;
  writeKey: DrawerAction;
  delete: DrawerAction;
}

export function drawerActions(
  service: ServiceDef,
  application: Pick<Application, 'state' | 'certificateId'>,
  offline: boolean,
  certificateKept: boolean,
): DrawerActions {
  const allowed = applicantActions(service, application.state);
  const edit = applyEdit(service, application.state);
  return {
    // Always shown: greyed out with the state's reason when this state may not be edited.
    edit: { shown: true, disabledReason: edit.ok ? null : edit.message },
    withdraw: { shown: allowed.withdraw, disabledReason: null },
    writeKey: {
      shown: writableOnKey(application),
      disabledReason: writeKeyRefusal(offline, certificateKept),
    },
    delete: { shown: allowed.delete, disabledReason: null },
  };
}

/**
 * The fee as shown: the price table's, which the server charges too; on a record made offline the server
 * has not charged it yet, so it is marked 待同步.
 */
export function feeShown(application: Pick<Application, 'feeFen' | 'number'>): {
  text: string;
  pending: boolean;
} | null {
  if (application.feeFen <= 0) return null;
  return { text: formatYuan(application.feeFen), pending: application.number === null };
}
