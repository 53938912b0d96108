/** What one public page hands the next through the router (e.g. 注册成功 → login with the account filled). */
export interface PublicPageState {
  account?: string;
  notice?: string;
}
