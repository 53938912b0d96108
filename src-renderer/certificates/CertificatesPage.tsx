import { useMemo, useState } from 'react';
import { Alert, App, Button, Card, Typography } from 'antd';
import { LockOutlined } from '@ant-design/icons';
import type { KeyBindResult } from '../../src-shared/ipc/contract';
import type { ReadableTokenCertificate } from '../../src-shared/schemas/key';
import { useChannel } from '../bridge/useChannel';
import { BindCertificateModal } from '../key/BindCertificateModal';
import { CertificateDrawer } from '../key/CertificateDrawer';
import { ChangePinModal } from '../key/ChangePinModal';
import { KeyCertificatesTable } from '../key/KeyCertificatesTable';
import { KeyStatusCard } from '../key/KeyStatusCard';
import { useKeyCertificates, useKeys } from '../key/useKeys';
import { BoundCertificatesCard } from './BoundCertificatesCard';

interface PinChange {
  forced: boolean;
  oldPin?: string;
}

/** 证书管理 (seed 003): the KEY, its certificates, binding them to the account, and the bound list. */
export default function CertificatesPage() {
  const { message } = App.useApp();
  const keys = useKeys();
  const serial = keys.selected?.serial ?? null;
  const certificates = useKeyCertificates(serial, keys.generation);
  const bound = useChannel('certificates.bound');
  const [details, setDetails] = useState<ReadableTokenCertificate | null>(null);
  const [binding, setBinding] = useState<ReadableTokenCertificate | null>(null);
  const [pinChange, setPinChange] = useState<PinChange | null>(null);

  const boundFingerprints = useMemo(
    () => new Set((bound.data?.items ?? []).map((c) => c.fingerprint)),
    [bound.data],
  );

  function onCertificateBound(result: KeyBindResult, pin: string) {
    setBinding(null);
    bound.reload();
    void message.success(`证书“${result.certificate.subject.commonName ?? ''}”已绑定到当前账号`);
    if (result.mustChangePin) setPinChange({ forced: true, oldPin: pin });
  }

  function pinChanged() {
    setPinChange(null);
    keys.refresh();
    void message.success('PIN 码已修改，请牢记新的 PIN 码');
  }

  return (
    <>
      <Typography.Title level={4} className="page-title">
        证书管理
      </Typography.Title>
      <KeyStatusCard
        keys={keys}
        extra={
          <Button icon={<LockOutlined />} onClick={() => setPinChange({ forced: false })}>
            修改 PIN 码
          </Button>
        }
      />
      {serial && (
        <Card title="KEY 中的证书" className="section-card">
          {certificates.error ? (
            <Alert
              type="error"
              showIcon
              title={certificates.error.message}
              action={<Button onClick={certificates.reload}>重试</Button>}
            />
          ) : (
            <KeyCertificatesTable
              items={certificates.items ?? []}
              loading={certificates.loading && certificates.items === null}
              boundFingerprints={boundFingerprints}
              onDetails={setDetails}
              onBind={setBinding}
            />
          )}
        </Card>
      )}
      <BoundCertificatesCard
        result={bound.data}
        loading={bound.loading}
        error={bound.error}
        onReload={bound.reload}
      />
      <CertificateDrawer certificate={details} onClose={() => setDetails(null)} />
      {serial && (
        <BindCertificateModal
          serial={serial}
          certificate={binding}
          onBound={onCertificateBound}
          onCancel={() => setBinding(null)}
          onRefused={keys.refresh}
        />
      )}
      <ChangePinModal
        open={pinChange !== null}
        serial={serial}
        oldPin={pinChange?.oldPin}
        forced={pinChange?.forced}
        onChanged={pinChanged}
        onCancel={() => setPinChange(null)}
      />
    </>
  );
}
