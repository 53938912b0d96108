import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Alert, Button, Card, Form, Result, Skeleton, Space, Steps, Tooltip, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import {
  applicantRefusal,
  feeOf,
  formatYuan,
  getService,
  prefill,
  unmetPreconditions,
  type ServiceDef,
} from '../../src-shared/catalogue';
import { useSession } from '../session/SessionProvider';
import { useApiOnline } from '../session/useConnectivity';
import { FormError } from '../components/FormError';
import type { ApplicationDetail } from '../../src-shared/schemas/application';
import { useChannel } from '../bridge/useChannel';
import { AgreementStep } from './AgreementStep';
import { SubmittedStep } from './SubmittedStep';
import { useServiceSubmit } from './useServiceSubmit';
import { useKeys } from '../key/useKeys';
import { KeyReader, type KeyRead } from './KeyReader';
import { KeyRequestSection } from './KeyRequestSection';
import { formSubject, needsKeyRequest, requestFields } from './keyRequest';
import { onServiceValuesChange, ServiceFields } from './ServiceFields';
import {
  agreementOf,
  offlineSubmitRefusal,
  prefillPatch,
  readsKey,
  toFormValues,
  type FormValues,
} from './serviceForm';
import { useKeyRequestChoice } from './useKeyRequestChoice';

type Step = 'agreement' | 'form' | 'submitted';

function BackToServices() {
  return (
    <Link to="/business">
      <ArrowLeftOutlined /> 返回业务办理
    </Link>
  );
}

/** /business/:code — the application form of one catalogue service. */
export default function ServiceApplyPage() {
  const { code } = useParams();
  const { user } = useSession();
  const service = getService(code ?? '');
  if (!service) {
    return (
      <Result
        status="404"
        title="没有这项业务"
        subTitle="请从业务办理中重新选择。"
        extra={<BackToServices />}
      />
    );
  }
  const refusal = applicantRefusal(service, user?.roles ?? []);
  if (refusal) {
    return <Result status="403" title="不能办理该业务" subTitle={refusal} extra={<BackToServices />} />;
  }
  return <ServiceApplication key={service.code} service={service} />;
}

function ServiceApplication({ service }: { service: ServiceDef }) {
  const navigate = useNavigate();
  const agreement = agreementOf(service);
  const [step, setStep] = useState<Step>(agreement ? 'agreement' : 'form');
  const [form] = Form.useForm<FormValues>();
  const lockedBefore = useRef<string[]>([]);
  const profile = useChannel('profile.get');
  const online = useApiOnline();
  const offlineRefusal = offlineSubmitRefusal(service, online);
  const keyed = needsKeyRequest(service);
  const renewal = readsKey(service);
  const keys = useKeys(keyed || renewal);
  const [keyRead, setKeyRead] = useState<KeyRead | null>(null);
  const keyCertificate = keyRead?.certificate ?? null;
  const keyRequest = useKeyRequestChoice(service, keys, {
    serial: renewal ? (keyRead?.serial ?? null) : undefined,
  });
  const [submitted, setSubmitted] = useState<ApplicationDetail | null>(null);
  const submit = useServiceSubmit(service, form, {
    agreed: agreement !== undefined && step !== 'agreement',
    keyRequest: keyed ? () => requestFields(service, keyRequest.choice) : undefined,
    onSubmitted: (application) => {
      setSubmitted(application);
      setStep('submitted');
    },
  });

  function startAnother() {
    submit.reset();
    // Another application needs a key pair of its own.
    keyRequest.reset();
    form.resetFields();
    lockedBefore.current = [];
    setSubmitted(null);
    setStep(agreement ? 'agreement' : 'form');
  }
  const onKeyRead = useCallback((read: KeyRead | null) => setKeyRead(read), []);

  const prefilled = useMemo(
    () => prefill(service, { profile: profile.data?.profile ?? null, key: keyCertificate }),
    [service, profile.data, keyCertificate],
  );
  // A renewal is for a certificate bound to this account: said here, before the form is filled.
  const bound = useChannel('certificates.bound', renewal && keyCertificate ? undefined : null);
  const keyBound =
    keyCertificate && bound.data
      ? bound.data.items.some((item) => item.fingerprint === keyCertificate.fingerprint)
      : undefined;
  const unmet = useMemo(
    () =>
      unmetPreconditions(service, {
        now: new Date(),
        profile: profile.data?.profile ?? null,
        key: keyCertificate,
        keyBound,
      }),
    [service, profile.data, keyCertificate, keyBound],
  );

  // New source values reach the form; what the person typed stays.
  useEffect(() => {
    if (step !== 'form') return;
    const patch = prefillPatch(service, prefilled, form.getFieldsValue(true), lockedBefore.current);
    lockedBefore.current = prefilled.locked;
    if (Object.keys(patch).length > 0) form.setFieldsValue(patch);
  }, [service, prefilled, step, form]);

  // Each step starts at the top of the page, not where the last one was scrolled to.
  // (Braces: Chromium's scrollTo now returns a promise, which React would take for a cleanup.)
  useEffect(() => {
    window.scrollTo({ top: 0 });
  }, [step]);

  const fee = feeOf(service.code);
  const steps = [...(agreement ? [{ title: '阅读协议' }] : []), { title: '填写申请' }, { title: '提交申请' }];
  const current = steps.length - (step === 'submitted' ? 1 : step === 'form' ? 2 : 3);

  return (
    <div data-page="service-apply" data-service={service.code}>
      <Space className="page-back">
        <BackToServices />
      </Space>
      <Typography.Title level={4} className="page-title">
        {service.name}
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        {service.summary}
        {fee.fen > 0 && `。费用 ${formatYuan(fee.fen)}${fee.note ? `（${fee.note}）` : ''}`}
      </Typography.Paragraph>
      <Steps className="apply-steps" current={current} items={steps} />

      {step === 'agreement' && agreement && (
        <AgreementStep
          title={agreement.label}
          onAccept={() => setStep('form')}
          onBack={() => navigate('/business')}
        />
      )}

      {step === 'submitted' && submitted && (
        <Card>
          <SubmittedStep application={submitted} onContinue={startAnother} />
        </Card>
      )}

      {step === 'form' && (
        <>
          {(profile.data?.fromCache || online === false) && (
            <Alert
              className="page-alert"
              type="warning"
              showIcon
              title="离线：申请表按本机保存的个人资料填写"
              description={
                offlineRefusal ??
                '提交后申请单先保存在本机（待同步），联网后自动提交到证书服务中心，以中心的审核结果为准。'
              }
            />
          )}
          {profile.error && !profile.data && (
            <Alert
              className="page-alert"
              type="warning"
              showIcon
              title="个人资料未能载入，申请表需手工填写"
              description={profile.error.message}
              action={<Button onClick={profile.reload}>重新载入</Button>}
            />
          )}
          {unmet.length > 0 && (
            <Alert
              className="page-alert"
              type="warning"
              showIcon
              title="办理前请先完成以下事项"
              description={
                <ul className="unmet-list">
                  {unmet.map((item) => (
                    <li key={item.kind}>
                      {item.message}
                      {item.kind === 'profileComplete' && (
                        <>
                          {' '}
                          <Link to="/account/profile">去完善</Link>
                        </>
                      )}
                      {item.kind === 'keyBound' && (
                        <>
                          {' '}
                          <Link to="/certificates">去绑定</Link>
                        </>
                      )}
                    </li>
                  ))}
                </ul>
              }
              data-testid="unmet-preconditions"
            />
          )}
          {renewal && <KeyReader keys={keys} read={keyRead} onRead={onKeyRead} />}
          <Card className="section-card" title="申请信息">
            {profile.loading && !profile.data ? (
              <Skeleton active paragraph={{ rows: 6 }} />
            ) : (
              <Form
                form={form}
                layout="vertical"
                name={`service-${service.code}`}
                initialValues={toFormValues(service, prefilled.values)}
                onValuesChange={(changed: FormValues) => onServiceValuesChange(service, form, changed)}
                onFinish={submit.onFinish}
                disabled={submit.pending}
              >
                <ServiceFields service={service} form={form} locked={prefilled.locked} />
                {agreement && (
                  <Typography.Paragraph type="secondary" className="agreement-accepted">
                    您已阅读并同意《{agreement.label}》。
                  </Typography.Paragraph>
                )}
              </Form>
            )}
          </Card>
          {keyed && (
            <KeyRequestSection
              service={service}
              keys={keys}
              choice={keyRequest.choice}
              onChange={keyRequest.onChange}
              subject={() => formSubject(service, form, keyCertificate)}
              readSerial={keyRead?.serial ?? null}
              readFingerprint={keyRead?.certificate.fingerprint ?? null}
              disabled={submit.pending}
            />
          )}
          <FormError error={submit.error} onClose={submit.clearError} />
          <Space className="form-actions">
            {agreement && <Button onClick={() => setStep('agreement')}>上一步</Button>}
            <Tooltip title={offlineRefusal}>
              <Button
                type="primary"
                onClick={() => form.submit()}
                loading={submit.pending}
                disabled={offlineRefusal !== null || unmet.length > 0 || (profile.loading && !profile.data)}
              >
                提交申请单
              </Button>
            </Tooltip>
          </Space>
        </>
      )}
    </div>
  );
}
