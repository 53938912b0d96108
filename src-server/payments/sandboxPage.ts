import { createHash } from 'node:crypto';
import { formatYuan } from '../../src-shared/catalogue';

/**
 * The sandbox's pay page: what a payer sees at a gateway, in Chinese — the order, the amount and
 * 确认支付. The button posts to the same path, which signs and delivers the callback as a gateway
 * would. Development only; never served in production mode.
 */

export interface SandboxPageModel {
  /** The 订单号 the payer knows the order by. */
  orderNumber: string;
  amountFen: number;
  paid: boolean;
}

const SCRIPT = `
const button = document.getElementById('pay');
const result = document.getElementById('result');
button?.addEventListener('click', async () => {
  button.disabled = true;
  button.textContent = '正在支付…';
  try {
    const response = await fetch(location.pathname, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ deliver: true }),
    });
    const body = await response.json();
    if (!response.ok) throw new Error(body.message || '支付失败');
    result.className = 'result ok';
    result.textContent = '支付成功。请返回证书服务中心，订单将显示为“已缴费”，可下载电子发票。';
    button.remove();
  } catch (error) {
    result.className = 'result error';
    result.textContent = '支付未完成：' + error.message;
    button.disabled = false;
    button.textContent = '确认支付';
  }
});
`;

/** The page's Content-Security-Policy: only this exact script, and calls back to this server. */
export const SANDBOX_PAGE_CSP = [
  "default-src 'none'",
  `script-src 'sha256-${createHash('sha256').update(SCRIPT).digest('base64')}'`,
  "style-src 'unsafe-inline'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function sandboxPageHtml(model: SandboxPageModel): string {
  const amount = escapeHtml(formatYuan(model.amountFen));
  const action = model.paid
    ? '<p class="result ok">该笔支付已完成，无需重复支付。请返回证书服务中心查看订单。</p>'
    : '<button id="pay" type="button">确认支付</button><p id="result" class="result"></p>';
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>沙箱支付 · 证书服务中心</title>
<style>
  body { margin: 0; font-family: "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif; background: #f0f2f5; color: #1f1f1f; }
  main { max-width: 440px; margin: 64px auto; background: #fff; border-radius: 8px; padding: 32px; box-shadow: 0 2px 12px rgba(0,0,0,.08); }
  h1 { font-size: 20px; margin: 0 0 4px; }
  .tag { display: inline-block; font-size: 12px; color: #d46b08; background: #fff7e6; border: 1px solid #ffd591; border-radius: 4px; padding: 0 8px; }
  dl { display: grid; grid-template-columns: 88px 1fr; gap: 12px 8px; margin: 24px 0; }
  dt { color: #8c8c8c; } dd { margin: 0; word-break: break-all; }
  .amount { font-size: 28px; color: #cf1322; font-weight: 600; }
  button { width: 100%; height: 44px; font-size: 16px; border: 0; border-radius: 6px; background: #1677ff; color: #fff; cursor: pointer; }
  button:disabled { background: #91caff; cursor: default; }
  .result { min-height: 22px; margin: 16px 0 0; } .ok { color: #389e0d; } .error { color: #cf1322; }
  footer { margin-top: 24px; font-size: 12px; color: #8c8c8c; }
</style>
</head>
<body>
<main>
  <h1>在线支付</h1>
  <span class="tag">沙箱环境 · 不会真实扣款</span>
  <dl>
    <dt>收款方</dt><dd>证书服务中心</dd>
    <dt>订单号</dt><dd data-order-number>${escapeHtml(model.orderNumber)}</dd>
    <dt>支付金额</dt><dd class="amount" data-amount>${amount}</dd>
  </dl>
  ${action}
  <footer>这是开发与演示用的模拟支付页面，代替微信、支付宝等真实支付渠道。</footer>
</main>
<script>${SCRIPT}</script>
</body>
</html>`;
}
