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
  /** Consecutive wrong passwords before an account is locked. */
  loginMaxFailures: number;
  loginLockSeconds: number;
  /** Failed logins allowed from one IP within `ipFailureWindowSeconds`. */
  ipMaxFailures: number;
  ipFailureWindowSeconds: number;
  sessionIdleSeconds: number;
  sessionAbsoluteSeconds: number;
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
  loginMaxFailures: 5,
  loginLockSeconds: 15 * 60,
  ipMaxFailures: 30,
  ipFailureWindowSeconds: 15 * 60,
  sessionIdleSeconds: 8 * 60 * 60,
  sessionAbsoluteSeconds: 7 * 24 * 60 * 60,
  uploadQuotaBytes: 200 * 1024 * 1024,
};
