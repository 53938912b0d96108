import { describe, expect, it } from 'vitest';
import { API_PREFIX } from '../../src-shared/api/routes';
import { idNumberCheckChar } from '../../src-shared/rules/idNumber';
import { screenshot } from './support/browser';
import {
  activeTab,
  field,
  expectFieldError,
  fill,
  loginAs,
  logout,
  openMenu,
  requestAndFillSms,
  solveCaptcha,
  waitForToast,
} from './support/pages';
import { useWebSession } from './support/session';

const PHONE = '13812341234';
const FIRST_PASSWORD = 'abc12345';
const NEW_PASSWORD = 'xyz98765';
const RESET_PASSWORD = 'reset2025a';
const NEW_PHONE = '13912345678';

const ID_FIRST17 = '11010519491231002';
const ID_NUMBER = `${ID_FIRST17}${idNumberCheckChar(ID_FIRST17)}`;
const WRONG_CHECK = idNumberCheckChar(ID_FIRST17) === '1' ? '2' : '1';
const ID_NUMBER_WRONG_CHECK = `${ID_FIRST17}${WRONG_CHECK}`;

// One phone receives several codes in a row here (register, reset, SMS login), sometimes within a
// second: no wait between codes (the resend interval has its own API tests).
const web = useWebSession({ demo: false, limits: { smsResendSeconds: 0 }, timeoutMs: 10_000 });

/** Asks the API itself whether `account` can log in, bypassing the UI. */
async function apiLoginCode(account: string, password: string): Promise<string> {
  const captcha = (await (
    await fetch(`${web.host.api.url}${API_PREFIX}/captcha`, { method: 'POST' })
  ).json()) as {
    captchaId: string;
  };
  const captchaText = await web.host.api.captchaText(captcha.captchaId);
  const response = await fetch(`${web.host.api.url}${API_PREFIX}/sessions/password`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ account, password, captchaId: captcha.captchaId, captchaText }),
  });
  if (response.ok) return 'OK';
  return ((await response.json()) as { code: string }).code;
}

describe('accounts in the browser', () => {
  it('a new user registers by phone, edits the profile, changes the password and logs in again', async () => {
    const { page, host } = web;
    await page.goto(host.url);
    await page.locator('[data-page="login"]').waitFor();
    expect(page.url()).not.toContain('secret=');
    await page.locator('img[data-captcha-id]').waitFor();
    await screenshot(page, '01-login-password');
    await page.getByRole('tab', { name: '短信验证码登录' }).click();
    await screenshot(page, '02-login-sms');

    // 注册 → 手机号注册
    await page.getByRole('link', { name: '注册账号' }).click();
    await page.locator('[data-page="register"]').waitFor();
    const phoneForm = activeTab(page);
    await phoneForm.getByRole('button', { name: /注\s*册/ }).click();
    await expectFieldError(phoneForm, '手机号', '请输入手机号');
    await expectFieldError(phoneForm, '密码', '请输入密码');
    await fill(phoneForm, '手机号', PHONE);
    // 获取验证码 asks for the 图片验证码 first, and sends nothing for a wrong one.
    await field(phoneForm, '短信验证码').getByRole('button', { name: '获取验证码' }).click();
    await expectFieldError(phoneForm, '图片验证码', '请输入图片验证码');
    await fill(phoneForm, '图片验证码', 'zzzz');
    await field(phoneForm, '短信验证码').getByRole('button', { name: '获取验证码' }).click();
    await expectFieldError(phoneForm, '图片验证码', '图片验证码不正确');
    await screenshot(page, '03-register-sms-needs-captcha');
    await requestAndFillSms(phoneForm, host.api, PHONE);
    await fill(phoneForm, '密码', FIRST_PASSWORD);
    await fill(phoneForm, '确认密码', `${FIRST_PASSWORD}x`);
    await phoneForm.getByRole('button', { name: /注\s*册/ }).click();
    await expectFieldError(phoneForm, '确认密码', '两次输入的密码不一致');
    await screenshot(page, '03-register-phone-mismatch');
    await fill(phoneForm, '确认密码', FIRST_PASSWORD);
    await phoneForm.getByRole('button', { name: /注\s*册/ }).click();

    // 注册成功 → the login page with the phone filled in.
    await page.locator('[data-page="login"]').getByText('注册成功，请登录').waitFor();
    expect(await field(activeTab(page), '账号').locator('input').inputValue()).toBe(PHONE);
    await screenshot(page, '04-login-after-register');

    // A wrong captcha is refused on its field and a new image replaces it.
    const loginForm = activeTab(page);
    const firstCaptchaId = await loginForm.locator('img[data-captcha-id]').getAttribute('data-captcha-id');
    await fill(loginForm, '密码', FIRST_PASSWORD);
    await fill(loginForm, '图片验证码', 'zzzz');
    await loginForm.getByRole('button', { name: /登\s*录/ }).click();
    await expectFieldError(loginForm, '图片验证码', '图片验证码不正确');
    await expect
      .poll(() => loginForm.locator('img[data-captcha-id]').getAttribute('data-captcha-id'))
      .not.toBe(firstCaptchaId);
    await screenshot(page, '05-login-wrong-captcha');

    await loginAs(page, host.api, { phone: PHONE, password: FIRST_PASSWORD });
    await expect
      .poll(() => page.locator('[data-testid="current-user"]').textContent())
      .toContain('138****1234');
    await page.locator('.app-header').getByText('在线').waitFor();
    await page.locator('[data-group="数字证书"]').getByText('证书续费').waitFor();
    await screenshot(page, '06-business-home');

    for (const [menu, headline, shot] of [
      ['证书管理', '已绑定的证书', '07-certificates'],
      ['申请单管理', '还没有申请单', '07-applications-empty'],
      ['订单管理', '还没有订单。', '07-orders-empty'],
    ] as const) {
      await openMenu(page, menu);
      await page.getByText(headline).waitFor();
      await screenshot(page, shot);
    }

    // 个人资料: fill in name, ID and address.
    await openMenu(page, '个人资料');
    await page.locator('[data-testid="profile-view"]').waitFor();
    await screenshot(page, '08-profile-view');
    await page.getByRole('button', { name: '修改资料' }).click();
    const profileForm = page.locator('[data-page="profile-edit"]');
    await fill(profileForm, '姓名', '张晓明');
    await fill(profileForm, '邮箱', 'zhang@example.com');
    await fill(profileForm, '通讯地址', '福建省福州市鼓楼区五四路 100 号');
    await fill(profileForm, '邮政编码', '350001');
    await field(profileForm, '证件类型').locator('.ant-select').click();
    await page.locator('.ant-select-dropdown').getByText('居民身份证', { exact: true }).click();
    await fill(
      profileForm,
      '证件号码',
      '11010519800101001X'.slice(0, 17) + idNumberCheckChar('11010519800101001'),
    );
    await expect.poll(() => field(profileForm, '出生日期').locator('input').inputValue()).toBe('1980-01-01');
    await screenshot(page, '09-profile-edit');
    await profileForm.getByRole('button', { name: /保\s*存/ }).click();
    await waitForToast(page, '个人资料已保存');
    const view = page.locator('[data-testid="profile-view"]');
    await view.getByText('张晓明').waitFor();
    await view.getByText('注册后不可修改').count();
    await expect.poll(() => page.locator('[data-testid="current-user"]').textContent()).toContain('张晓明');
    await screenshot(page, '10-profile-saved');

    // Once set, the ID type, number and birth date are shown disabled.
    await page.getByRole('button', { name: '修改资料' }).click();
    expect(await field(profileForm, '证件号码').locator('input').isDisabled()).toBe(true);
    expect(await field(profileForm, '证件号码').textContent()).toContain('注册后不可修改');
    await screenshot(page, '10-profile-locked-fields');
    await profileForm.getByRole('button', { name: /取\s*消/ }).click();

    // 修改密码
    await openMenu(page, '修改密码');
    const passwordForm = page.locator('[data-page="change-password"]');
    await fill(passwordForm, '原密码', FIRST_PASSWORD);
    await fill(passwordForm, '新密码', NEW_PASSWORD);
    await fill(passwordForm, '确认新密码', NEW_PASSWORD);
    await screenshot(page, '10-change-password');
    await passwordForm.getByRole('button', { name: /确认修改/ }).click();
    await waitForToast(page, '密码已修改');
    expect(page.url()).toContain('#/account/password');

    await logout(page, '11-logout-confirm');
    await screenshot(page, '12-login-after-logout');
    await loginAs(page, host.api, { phone: PHONE, password: NEW_PASSWORD });
    await expect.poll(() => page.locator('[data-testid="current-user"]').textContent()).toContain('张晓明');
    await logout(page);
  });

  it('a second user registers by ID number: a wrong check digit is refused, a right one logs in', async () => {
    const { page, host } = web;
    await page.getByRole('link', { name: '注册账号' }).click();
    await page.getByRole('tab', { name: '身份证号注册' }).click();
    const form = activeTab(page);
    await fill(form, '姓名', '李华');
    await fill(form, '身份证号', ID_NUMBER_WRONG_CHECK);
    await fill(form, '邮箱', 'lihua@example.com');
    await fill(form, '密码', FIRST_PASSWORD);
    await fill(form, '确认密码', FIRST_PASSWORD);
    await solveCaptcha(form, host.api);

    await form.getByText('《服务条款》').click();
    await page.locator('.ant-modal').getByText('一、证书服务中心为注册用户提供').waitFor();
    await screenshot(page, '13-register-terms', { dialog: true });
    await page.locator('.ant-modal').getByRole('button', { name: '我知道了' }).click();
    await form.getByRole('checkbox').check();

    await form.getByRole('button', { name: /注\s*册/ }).click();
    await expectFieldError(form, '身份证号', '身份证号校验位不正确');
    await screenshot(page, '14-register-id-wrong-check-digit');
    expect(await apiLoginCode(ID_NUMBER_WRONG_CHECK, FIRST_PASSWORD)).toBe('BAD_CREDENTIALS');

    await fill(form, '身份证号', ID_NUMBER);
    await solveCaptcha(form, host.api);
    await form.getByRole('button', { name: /注\s*册/ }).click();
    await page.locator('[data-page="login"]').getByText('注册成功，请登录').waitFor();
    expect(await field(activeTab(page), '账号').locator('input').inputValue()).toBe(ID_NUMBER);

    await loginAs(page, host.api, { phone: ID_NUMBER, password: FIRST_PASSWORD });
    await expect.poll(() => page.locator('[data-testid="current-user"]').textContent()).toContain('李华');
    await openMenu(page, '个人资料');
    await page.locator('[data-testid="profile-view"]').getByText(ID_NUMBER).waitFor();
    await screenshot(page, '15-profile-id-user');
    await logout(page);
  });

  it('the same ID number cannot register twice, and the forgot-password page offers both ways', async () => {
    const { page, host } = web;
    await page.getByRole('link', { name: '注册账号' }).click();
    await page.getByRole('tab', { name: '身份证号注册' }).click();
    const form = activeTab(page);
    await fill(form, '姓名', '李华');
    await fill(form, '身份证号', ID_NUMBER);
    await fill(form, '邮箱', 'lihua@example.com');
    await fill(form, '密码', FIRST_PASSWORD);
    await fill(form, '确认密码', FIRST_PASSWORD);
    await solveCaptcha(form, host.api);
    await form.getByRole('checkbox').check();
    await form.getByRole('button', { name: /注\s*册/ }).click();
    const alert = form.locator('.form-error');
    await alert.getByText('该身份证号已注册，请直接登录').waitFor();
    await screenshot(page, '16-register-id-taken');
    await alert.getByRole('link', { name: '去登录' }).click();
    expect(await field(activeTab(page), '账号').locator('input').inputValue()).toBe(ID_NUMBER);

    // A phone already registered gets its code like any other; only the code's holder learns it is
    // registered, with the way to the login page.
    await page.getByRole('link', { name: '注册账号' }).click();
    const phoneForm = activeTab(page);
    await fill(phoneForm, '手机号', PHONE);
    await requestAndFillSms(phoneForm, host.api, PHONE);
    await fill(phoneForm, '密码', FIRST_PASSWORD);
    await fill(phoneForm, '确认密码', FIRST_PASSWORD);
    await phoneForm.getByRole('button', { name: /注\s*册/ }).click();
    await expectFieldError(phoneForm, '手机号', '该手机号已注册，请直接登录');
    await phoneForm.locator('.form-error').getByRole('link', { name: '去登录' }).click();
    expect(await field(activeTab(page), '账号').locator('input').inputValue()).toBe(PHONE);

    await page.getByRole('link', { name: '忘记密码？' }).click();
    await page.locator('[data-page="forgot-password"]').waitFor();
    await screenshot(page, '17-forgot-password-phone');
    await page.getByRole('tab', { name: '身份证号找回' }).click();
    await screenshot(page, '18-forgot-password-id');
  });

  it('a user resets the password by SMS, logs in with an SMS code and changes the phone', async () => {
    const { page, host } = web;
    await page.getByRole('tab', { name: '手机号找回' }).click();
    const resetForm = activeTab(page);
    await fill(resetForm, '注册时的手机号', PHONE);
    await requestAndFillSms(resetForm, host.api, PHONE);
    await fill(resetForm, '新密码', RESET_PASSWORD);
    await fill(resetForm, '确认新密码', RESET_PASSWORD);
    await resetForm.getByRole('button', { name: '重置密码' }).click();
    await page.locator('[data-page="login"]').getByText('密码已重置，请用新密码登录').waitFor();
    expect(await apiLoginCode(PHONE, RESET_PASSWORD)).toBe('OK');

    await page.getByRole('tab', { name: '短信验证码登录' }).click();
    const smsForm = activeTab(page);
    expect(await field(smsForm, '手机号').locator('input').inputValue()).toBe(PHONE);
    await requestAndFillSms(smsForm, host.api, PHONE);
    await smsForm.getByRole('button', { name: /登\s*录/ }).click();
    await page.locator('.app-header').waitFor();

    await openMenu(page, '个人资料');
    await page.locator('[data-testid="profile-view"]').getByRole('button', { name: '更换' }).click();
    const dialog = page.locator('[data-page="change-phone"]');
    await fill(dialog, '登录密码', RESET_PASSWORD);
    await fill(dialog, '新手机号', NEW_PHONE);
    await requestAndFillSms(dialog, host.api, NEW_PHONE);
    await screenshot(page, '19-change-phone', { dialog: true });
    await page.locator('.ant-modal').getByRole('button', { name: '确认更换' }).click();
    await waitForToast(page, '手机号已更换，在其他设备上的登录已退出');
    await expect
      .poll(() => page.locator('[data-testid="current-user"]').textContent())
      .toContain('139****5678');
    await page.locator('[data-testid="profile-view"]').getByText(NEW_PHONE).waitFor();
  });

  it('offline, the profile comes from this computer: an edit is kept as 待同步, the phone waits for SMS', async () => {
    const { page, host } = web;
    await host.stopApi();
    await page.locator('.app-header').getByText('离线').waitFor();
    await openMenu(page, '业务办理');
    await openMenu(page, '个人资料');
    await page.getByText(/^离线：显示的是 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 保存在本机的资料$/).waitFor();
    const view = page.locator('[data-testid="profile-view"]');
    await view.getByText('张晓明').waitFor();
    // Changing the phone needs an SMS code: greyed out, the tooltip says why.
    const change = view.getByRole('button', { name: '更换' });
    expect(await change.isDisabled()).toBe(true);
    await change.hover();
    await page.getByRole('tooltip').getByText('更换手机号需要接收短信验证码，请联网后再更换').waitFor();
    await screenshot(page, '20-profile-offline');

    await page.getByRole('button', { name: '修改资料' }).click();
    const profileForm = page.locator('[data-page="profile-edit"]');
    await fill(profileForm, '通讯地址', '福建省福州市鼓楼区离线路 2 号');
    await profileForm.getByRole('button', { name: /保\s*存/ }).click();
    await waitForToast(page, '个人资料已保存');
    await view.getByText('福建省福州市鼓楼区离线路 2 号').waitFor();
    await page.getByText(/^离线：显示的是 .* 保存在本机的资料$/).waitFor();
    await page.getByTestId('sync-indicator').getByText('1 项待同步').waitFor();
  });
});
