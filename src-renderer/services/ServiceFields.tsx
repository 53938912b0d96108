import type { ReactNode } from 'react';
import {
  Checkbox,
  Col,
  DatePicker,
  Form,
  Input,
  Radio,
  Row,
  Select,
  Typography,
  type FormInstance,
} from 'antd';
import { LockOutlined } from '@ant-design/icons';
import { describeAttachmentRule, type ServiceDef } from '../../src-shared/catalogue';
import { AttachmentInput } from './AttachmentInput';
import {
  ATTACHMENTS_KEY,
  dependentsOf,
  fieldRule,
  fieldViews,
  uploadRule,
  type FieldView,
  type FormValues,
} from './serviceForm';

function control({ field, control: kind, options, locked }: FieldView): ReactNode {
  const placeholder = field.placeholder;
  switch (kind) {
    case 'textarea':
      return (
        <Input.TextArea rows={3} disabled={locked} placeholder={placeholder} showCount maxLength={500} />
      );
    case 'select':
      return (
        <Select
          disabled={locked}
          placeholder={placeholder ?? `请选择${field.label}`}
          options={options.map(({ value, label }) => ({ value, label }))}
        />
      );
    case 'radio':
      return (
        <Radio.Group disabled={locked} options={options.map(({ value, label }) => ({ value, label }))} />
      );
    case 'checkbox':
      return <Checkbox disabled={locked}>{field.label}</Checkbox>;
    case 'date':
      return (
        <DatePicker className="full-width" disabled={locked} placeholder={placeholder ?? '请选择日期'} />
      );
    default:
      return <Input disabled={locked} placeholder={placeholder} />;
  }
}

function extra(view: FieldView): ReactNode {
  if (view.lockedHint) {
    return (
      <Typography.Text type="secondary" className="locked-hint">
        <LockOutlined /> {view.lockedHint}
      </Typography.Text>
    );
  }
  return view.field.help;
}

interface Props {
  service: ServiceDef;
  form: FormInstance<FormValues>;
  /** Keys of fields filled from their source and locked. */
  locked: readonly string[];
  /** While offline or submitting. */
  disabled?: boolean;
}

/** The fields and uploads of a service's form, drawn from its catalogue entry. */
export function ServiceFields({ service, form, locked, disabled }: Props) {
  const views = fieldViews(service, locked);
  const hidden = views.filter((view) => view.control === 'hidden');
  const shown = views.filter((view) => view.control !== 'hidden');

  return (
    <>
      {hidden.map(({ field }) => (
        <Form.Item key={field.key} name={field.key} hidden>
          <Input />
        </Form.Item>
      ))}
      <Row gutter={24}>
        {shown.map((view) => (
          <Col key={view.field.key} xs={24} md={view.control === 'textarea' ? 24 : 12}>
            <Form.Item
              name={view.field.key}
              label={view.control === 'checkbox' ? undefined : view.field.label}
              valuePropName={view.control === 'checkbox' ? 'checked' : 'value'}
              rules={[fieldRule(service, view.field)]}
              extra={extra(view)}
              data-field={view.field.key}
            >
              {control({ ...view, locked: view.locked || disabled === true })}
            </Form.Item>
          </Col>
        ))}
      </Row>
      {service.attachments.length > 0 && (
        <>
          <Typography.Title level={5} className="form-section-title">
            上传材料
          </Typography.Title>
          <Row gutter={24}>
            {service.attachments.map((rule) => (
              <Col key={rule.key} xs={24} md={12}>
                <Form.Item
                  name={[ATTACHMENTS_KEY, rule.key]}
                  label={rule.label}
                  rules={[uploadRule(service, rule)]}
                  extra={[describeAttachmentRule(rule), rule.help].filter(Boolean).join('；')}
                  data-attachment={rule.key}
                >
                  <AttachmentInput
                    rule={rule}
                    disabled={disabled}
                    onRefused={(reason) =>
                      form.setFields([{ name: [ATTACHMENTS_KEY, rule.key], errors: [reason] }])
                    }
                  />
                </Form.Item>
              </Col>
            ))}
          </Row>
        </>
      )}
    </>
  );
}

/** Re-checks dependents when a field changes: give this to the Form's onValuesChange. */
export function onServiceValuesChange(
  service: ServiceDef,
  form: FormInstance<FormValues>,
  changed: FormValues,
): void {
  const touched = dependentsOf(service, Object.keys(changed)).filter((name) => form.isFieldTouched(name));
  if (touched.length > 0) void form.validateFields(touched).catch(() => undefined);
}
