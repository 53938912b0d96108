import { useState } from 'react';
import { Button, Descriptions, Modal, Result, Typography } from 'antd';
import dayjs from 'dayjs';
import { getService } from '../../src-shared/catalogue';
import { keyInstallCertificateInput } from '../../src-shared/ipc/contract';
import type { Application } from '../../src-shared/schemas/application';
import type { ReadableTokenCertificate, TokenCertificate } from '../../src-shared/schemas/key';
import { ipc } from '../bridge';
import { checkWith } from '../forms/checkWith';
import { readsKey } from '../services/serviceForm';
import { ExpiryTag } from './ExpiryTag';
import { KeyPinAction } from './KeyPinAction';
import { useKeys } from './useKeys';
import { displayNumber } from '../records/recordNumber';

interface Props {
  application: Pick<Application, 'id' | 'number' | 'service' | 'serviceName' | 'applicantName'>;
  onClose: () => void;
  /** The certificate is on the KEY now. */
  onWritten?: (certificate: TokenCertificate) => void;
}

const day = (iso: string) => dayjs(iso).format('YYYY-MM-DD');

function StoredCertificate({
  certificate,
  serial,
}: {
  certificate: ReadableTokenCertificate;
  serial: string;
}) {
  const { subject } = certificate;
  return (
    <Descriptions
      size="small"
      column={1}
      bordered
      data-testid="written-certificate"
      items={[
        { key: 'cn', label: '证书名称', children: subject.commonName ?? subject.text },
        ...(subject.creditCode
          ? [{ key: 'code', label: '统一社会信用代码', children: subject.creditCode }]
          : []),
        ...(subject.idNumber ? [{ key: 'id', label: '身份证号', children: subject.idNumber }] : []),
        { key: 'serial', label: '证书序列号', children: certificate.serialNumber },
        {
          key: 'validity',
          label: '有效期',
          children: (
            <>
              {day(certificate.notBefore)} 至 {day(certificate.notAfter)}{' '}
              <ExpiryTag expiry={certificate.expiry} />
            </>
          ),
        },
        { key: 'key', label: 'KEY 序列号', children: serial },
        {
          key: 'fingerprint',
          label: 'SHA-256 指纹',
          children: (
            <Typography.Text className="fingerprint" copyable>
              {certificate.fingerprint}
            </Typography.Text>
          ),
        },
      ]}
    />
  );
}

/**
 * 写入 KEY: the certificate issued for an application is stored on the inserted KEY, next to the key pair
 * its request was made with (at the counter, or by the applicant who holds the KEY); then what the KEY holds.
 */
export function WriteCertificateModal({ application, onClose, onWritten }: Props) {
  const keys = useKeys();
  const [written, setWritten] = useState<{ certificate: TokenCertificate; serial: string } | null>(null);
  const service = getService(application.service);
  // A renewal's old certificate and keys go once the new one is stored: asked before.
  const renewal = service !== undefined && readsKey(service);

  return (
    <Modal
      open
      title={`写入 KEY · ${application.serviceName}`}
      width={640}
      onCancel={onClose}
      footer={<Button onClick={onClose}>{written ? '完成' : '取消'}</Button>}
      destroyOnHidden
      data-testid="write-certificate-modal"
    >
      {written ? (
        <>
          <Result status="success" title="证书已写入 KEY" className="compact-result" />
          {written.certificate.readable && (
            <StoredCertificate certificate={written.certificate} serial={written.serial} />
          )}
        </>
      ) : (
        <>
          <Typography.Paragraph type="secondary">
            申请人：{application.applicantName ?? '—'}；申请单号：{displayNumber(application)}。
            请插入申请时生成密钥对的 KEY，输入 PIN 码后写入，证书会保存在对应的密钥旁。
          </Typography.Paragraph>
          <KeyPinAction
            keys={keys}
            actionLabel="写入 KEY"
            busyText="正在将证书写入 KEY…"
            confirm={
              renewal
                ? {
                    title: '写入续费后的证书',
                    content: '新证书写入后，KEY 中被续费的原证书及其密钥将被删除，且不能恢复。确定写入吗？',
                  }
                : undefined
            }
            run={(serial, pin) =>
              ipc.invoke(
                'key.installCertificate',
                checkWith(keyInstallCertificateInput, { serial, pin, applicationId: application.id }),
              )
            }
            onDone={(certificate, serial) => {
              setWritten({ certificate, serial });
              onWritten?.(certificate);
            }}
          />
        </>
      )}
    </Modal>
  );
}
