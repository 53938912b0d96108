import type { ReactNode } from 'react';
import { Alert, App, Button } from 'antd';
import { keyGenerateRequestInput } from '../../src-shared/ipc/contract';
import type { CsrSubject } from '../../src-shared/schemas/key';
import { ipc } from '../bridge';
import { checkWith } from '../forms/checkWith';
import type { MadeRequest } from '../services/keyRequest';
import { KeyPinAction } from './KeyPinAction';
import type { KeysState } from './useKeys';

interface Props {
  keys: KeysState;
  /** Only this KEY (a renewal: the KEY that was read). */
  serial?: string;
  /** A renewal: the certificate read (its fingerprint), whose key also signs the server's challenge. */
  renews?: string;
  /** The subject from the form; throws (with the form's complaint) while the form is not complete. */
  subject: () => Promise<CsrSubject>;
  request: MadeRequest | null;
  onChange: (request: MadeRequest | null) => void;
  noKeyHint?: ReactNode;
  disabled?: boolean;
}

const ALGORITHM_NAMES = { 'RSA-2048': 'RSA 2048 位', 'EC-P256': 'EC P-256' } as const;

/** 在 KEY 上生成密钥对: the key pair and its request made on the KEY; the request goes with the application. */
export function KeyRequestPanel(props: Props) {
  const { keys, serial, renews, subject, request, onChange, noKeyHint, disabled } = props;
  const { modal } = App.useApp();

  if (request !== null) {
    const holder = keys.tokens.find((token) => token.serial === request.serial);
    return (
      <Alert
        type="success"
        showIcon
        title={`已在 KEY（${holder?.label ?? '序列号'} ${request.serial}）上生成密钥对和证书请求（${ALGORITHM_NAMES[request.algorithm]}）`}
        description="私钥只保存在这只 KEY 中。证书签发后，请用同一只 KEY 写入证书。"
        action={
          <Button
            size="small"
            disabled={disabled}
            onClick={() =>
              modal.confirm({
                title: '重新生成密钥对',
                content: '将在 KEY 上再生成一对新的密钥，本次已生成的证书请求作废。确定重新生成吗？',
                okText: '重新生成',
                cancelText: '取消',
                onOk: () => onChange(null),
              })
            }
          >
            重新生成
          </Button>
        }
        data-testid="key-request-made"
      />
    );
  }
  return (
    <KeyPinAction
      keys={keys}
      serial={serial}
      actionLabel="在 KEY 上生成密钥对"
      busyText="正在 KEY 上生成密钥对和证书请求，可能需要十几秒…"
      noKeyHint={noKeyHint}
      disabled={disabled}
      run={async (chosen, pin) =>
        ipc.invoke(
          'key.generateRequest',
          checkWith(keyGenerateRequestInput, { serial: chosen, pin, subject: await subject(), renews }),
        )
      }
      onDone={(made, chosen) => onChange({ ...made, serial: chosen })}
    />
  );
}
