/** Every threshold of the account rules in one place; tests shrink or lift them through `startServer`. */
export interface Limits {
  /** Seconds a phone must wait before another SMS code is sent to it. */
  smsResendSeconds: number;
  smsCodeTtlSeconds: number;
  /** Wrong entries allowed per SMS code before it is void. */
  smsMaxAttempts: number;
  /** SMS codes per phone per calendar day (Asia/Shanghai). */
  smsDailyPerPhone: number;
  /** SMS codes per client IP per calendar day (Asia/Shanghai). */
  smsDailyPerIp: number;
  captchaTtlSeconds: number;
  /** Image captchas one client IP may fetch within `captchaWindowSeconds`. */
  captchaPerIp: number;
  captchaWindowSeconds: number;
  /** Consecutive wrong passwords before an account is locked. */
  loginMaxFailures: number;
  loginLockSeconds: number;
  /** Failed logins allowed from one IP within `ipFailureWindowSeconds`. */
  ipMaxFailures: number;
  ipFailureWindowSeconds: number;
  sessionIdleSeconds: number;
  sessionAbsoluteSeconds: number;
  /** scrypt cost of new password hashes as log2(N); a stored hash of lower cost is redone at login. */
  passwordCostLog2: number;
  /** Total bytes of the uploads one account keeps (unused ones are purged a day after upload). */
  uploadQuotaBytes: number;
}

export const DEFAULT_LIMITS: Limits = {
  smsResendSeconds: 60,
  smsCodeTtlSeconds: 5 * 60,
  smsMaxAttempts: 5,
  smsDailyPerPhone: 10,
  smsDailyPerIp: 50,
  captchaTtlSeconds: 5 * 60,
  captchaPerIp: 120,
  captchaWindowSeconds: 10 * 60,
  loginMaxFailures: 5,
  loginLockSeconds: 15 * 60,
  ipMaxFailures: 30,
  ipFailureWindowSeconds: 15 * 60,
  sessionIdleSeconds: 8 * 60 * 60,
  sessionAbsoluteSeconds: 7 * 24 * 60 * 60,
  passwordCostLog2: 17,
  uploadQuotaBytes: 200 * 1024 * 1024,
};
