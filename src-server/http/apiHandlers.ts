import type { ApiName, ApiOutput, ApiRoutes } from '../../src-shared/api/routes';
import type { z } from '../../src-shared/zod';
import { caCertificate } from '../ca/authority';
import { applicationCertificate, moveApplication, staffApplications } from '../services/applicationMoves';
import {
  deleteApplication,
  editApplication,
  getApplication,
  listMyApplications,
  submitApplication,
} from '../services/applications';
import { toSessionUser } from '../services/accountQueries';
import { newCaptcha } from '../services/captcha';
import { bindCertificate, listBoundCertificates } from '../services/certificateBinding';
import type { CallerInfo, ServiceContext } from '../services/context';
import { newChallenge } from '../services/keyChallenges';
import { loginByKey } from '../services/keyLogin';
import { loginByPassword, loginBySms } from '../services/login';
import { changePassword, resetPasswordByIdNumber, resetPasswordByPhone } from '../services/passwordChange';
import {
  attachSlip,
  confirmTransfer,
  createOrder,
  financeOrders,
  getOrder,
  listMyOrders,
  returnSlip,
} from '../services/orders';
import { listNotifications } from '../services/notifications';
import { handlePaymentCallback, startPayment } from '../services/payments';
import { changePhone, getProfile, updateProfile } from '../services/profile';
import { registerByIdNumber, registerByPhone } from '../services/registration';
import { revokeSession, type Authenticated } from '../services/sessions';
import { sendSmsCode } from '../services/sms';
import { pullChanges } from '../services/syncPull';
import { pushMutations } from '../services/syncPush';

type Input<N extends ApiName> = z.output<ApiRoutes[N]['input']>;

/** What a handler gets: the parsed input, the caller, and on `auth` routes the live session. */
export type HandlerRequest<N extends ApiName> = {
  input: Input<N>;
  caller: CallerInfo;
} & (ApiRoutes[N]['auth'] extends true ? { auth: Authenticated } : { auth?: undefined });

export type ApiHandler<N extends ApiName> = (
  ctx: ServiceContext,
  request: HandlerRequest<N>,
) => Promise<ApiOutput<N>>;

/** One handler per entry of `apiRoutes`: a new entry without a handler does not compile. */
export type ApiHandlers = { [N in ApiName]: ApiHandler<N> };

export const apiHandlers: ApiHandlers = {
  'captcha.new': (ctx, { caller }) => newCaptcha(ctx, caller),
  'sms.send': (ctx, { input, caller }) => sendSmsCode(ctx, input, caller),
  'account.registerByPhone': (ctx, { input }) => registerByPhone(ctx, input),
  'account.registerByIdNumber': (ctx, { input }) => registerByIdNumber(ctx, input),
  'auth.loginPassword': (ctx, { input, caller }) => loginByPassword(ctx, input, caller),
  'auth.loginSms': (ctx, { input, caller }) => loginBySms(ctx, input, caller),
  'auth.resetPasswordByPhone': (ctx, { input }) => resetPasswordByPhone(ctx, input),
  'auth.resetPasswordByIdNumber': (ctx, { input }) => resetPasswordByIdNumber(ctx, input),
  'auth.logout': async (ctx, { auth }) => {
    await revokeSession(ctx, auth.session.id);
    return { ok: true };
  },
  'auth.me': (ctx, { auth }) => toSessionUser(ctx.db, auth.account),
  'account.changePassword': (ctx, { input, auth, caller }) => changePassword(ctx, auth, input, caller.ip),
  'profile.get': (ctx, { auth }) => getProfile(ctx, auth.account),
  'profile.update': (ctx, { input, auth }) => updateProfile(ctx, auth.account, input),
  'account.changePhone': (ctx, { input, auth, caller }) => changePhone(ctx, auth, input, caller.ip),
  'ca.certificate': async (ctx) => caCertificate(ctx.ca),
  'key.challenge': (ctx, { input, caller }) => newChallenge(ctx, input.purpose, caller),
  'certificates.bind': (ctx, { input, auth }) => bindCertificate(ctx, auth, input),
  'certificates.listBound': (ctx, { auth }) => listBoundCertificates(ctx, auth.account.id),
  'auth.loginKey': (ctx, { input, caller }) => loginByKey(ctx, input, caller),
  'applications.submit': (ctx, { input, auth, caller }) =>
    submitApplication(ctx, auth, input, caller.idempotencyKey),
  'applications.listMine': (ctx, { input, auth }) => listMyApplications(ctx, auth.account, input),
  'applications.get': (ctx, { input, auth }) => getApplication(ctx, auth.account, input.id),
  'applications.edit': (ctx, { input, auth }) => editApplication(ctx, auth, input),
  'applications.delete': (ctx, { input, auth }) => deleteApplication(ctx, auth, input),
  'applications.transition': (ctx, { input, auth }) => moveApplication(ctx, auth, input),
  'applications.certificate': (ctx, { input, auth }) => applicationCertificate(ctx, auth.account, input.id),
  'staff.applications': (ctx, { input, auth }) => staffApplications(ctx, auth.account, input),
  'orders.create': (ctx, { input, auth, caller }) => createOrder(ctx, auth, input, caller.idempotencyKey),
  'orders.listMine': (ctx, { input, auth }) => listMyOrders(ctx, auth.account, input),
  'orders.get': (ctx, { input, auth }) => getOrder(ctx, auth.account, input.id),
  'orders.attachSlip': (ctx, { input, auth }) => attachSlip(ctx, auth, input),
  'orders.confirmTransfer': (ctx, { input, auth }) => confirmTransfer(ctx, auth, input),
  'orders.returnSlip': (ctx, { input, auth }) => returnSlip(ctx, auth, input),
  'orders.startPayment': (ctx, { input, auth }) => startPayment(ctx, auth, input.id),
  'payments.callback': (ctx, { input }) => handlePaymentCallback(ctx, input),
  'staff.orders': (ctx, { input, auth }) => financeOrders(ctx, auth.account, input),
  'notifications.list': (ctx, { auth }) => listNotifications(ctx, auth.account.id),
  'sync.push': (ctx, { input, auth }) => pushMutations(ctx, auth, input),
  'sync.pull': (ctx, { input, auth }) => pullChanges(ctx, auth.account, input),
};
