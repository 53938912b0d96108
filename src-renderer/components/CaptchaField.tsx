import type { ReactNode } from 'react';
import { Form, Input, Space, Spin, Tooltip } from 'antd';
import { SafetyOutlined } from '@ant-design/icons';
import type { z } from '../../src-shared/zod';
import { zodRule } from '../forms/zodRule';
import type { CaptchaState } from './useCaptcha';

function svgDataUrl(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

interface Props {
  state: CaptchaState;
  /** The schema of the typed text (the request's `captchaText`); none: the caller checks it itself. */
  schema?: z.ZodType;
  /** The form field of the typed text. */
  name?: string;
  extra?: ReactNode;
}

/**
 * 图片验证码: the typed text plus the image; a click on the image fetches a new one. The image carries
 * `data-captcha-id` so automated tests can ask the dev API for the answer.
 */
export function CaptchaField({ state, schema, name = 'captchaText', extra }: Props) {
  const { captcha, loading, failure, refresh } = state;
  let image: ReactNode;
  if (loading) image = <Spin size="small" />;
  else if (captcha)
    image = <img src={svgDataUrl(captcha.svg)} alt="图片验证码" data-captcha-id={captcha.captchaId} />;
  else image = <span className="captcha-failed">点击重试</span>;
  return (
    <Form.Item label="图片验证码" required extra={extra}>
      <Space.Compact block>
        <Form.Item name={name} noStyle rules={schema ? [zodRule(schema)] : []}>
          <Input
            prefix={<SafetyOutlined />}
            placeholder="请输入右侧图片中的字符"
            maxLength={8}
            autoComplete="off"
          />
        </Form.Item>
        <Tooltip title={failure ?? '看不清？点击换一张'}>
          <button type="button" className="captcha-image" onClick={refresh} aria-label="换一张验证码">
            {image}
          </button>
        </Tooltip>
      </Space.Compact>
    </Form.Item>
  );
}
