/**
 * The text of the agreements an application must accept (the catalogue names them by title; seed 003
 * asks the applicant to read the 协议书 before filling in). One paragraph per clause.
 */
export const AGREEMENTS: Readonly<Record<string, readonly string[]>> = {
  数字证书服务协议书: [
    '一、申请人应保证所填写的申请信息及上传的扫描件真实、准确、完整。证书服务中心依据您上传的材料审核并制作证书，因信息不实造成的损失由申请人承担。',
    '二、新办证书的申请人须打印申请表，加盖公章（个人证书由本人签字）后，连同申请回执及相关材料邮寄至证书服务中心；收到材料后方寄回办理好的证书。续费证书须将原 USB KEY 随回执一同寄回。',
    '三、申请单状态为“待审核”时，申请人可在“申请单管理”中编辑或撤回；状态变为“申请受理中”后不能再修改，如需更正请联系客服 0591-968975。',
    '四、证书的密钥对在 USB KEY 内生成，私钥不出 KEY。申请人应妥善保管 USB KEY 及其 PIN 码；新 KEY 的出厂 PIN 码为 111111，首次使用前须修改。因 PIN 码泄露或 KEY 遗失造成的损失由申请人承担，发现遗失应立即联系证书服务中心。',
    '五、证书有效期届满前请及时办理续费。过期超过 90 天的证书将被系统自动注销，注销后不能续费，需重新申请新证书。',
    '六、费用按证书服务中心公布的价格收取。新证仅支持对公转账；订单中全部为续费业务时可选择在线支付。电子发票在财务确认到账后开具，可在“订单管理”中下载。',
    '七、证书仅限申请人本人或本单位在合法业务中使用，不得转让、出借。证书信息发生变更时，申请人应及时申请变更。',
    '八、申请人点击“我已阅读并同意”即表示已阅读、理解并接受本协议的全部条款。',
  ],
};

export function agreementText(title: string): readonly string[] | null {
  return AGREEMENTS[title] ?? null;
}
