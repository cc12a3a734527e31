// Texts of the trusted-environment verdict: the staff health row (reasons, checks not made, mode) and the screen
// the person sees when the kiosk refuses sessions (block mode). Mounted under `environment` by zh-CN.ts and en.ts;
// the English table is typed from the Chinese one, and test/renderer/i18n/environment-texts.test.ts checks that
// every reason main can send has words in both.
export const environmentZhCN = {
  name: '运行环境',
  trusted: '可信',
  untrusted: '不可信',
  notCheckedYet: '尚未检查',
  reason: {
    NOT_PROVISIONED: '终端未登记（未配置登记的设备标识）',
    UNKNOWN_DEVICE_ID: '设备标识与登记的不一致',
    CLOCK_SKEW: '系统时钟偏差超出允许范围',
    APP_INTEGRITY_MISMATCH: '应用程序完整性校验值与登记的不一致',
    NO_NETWORK: '无网络连接，而权威核验需要网络',
  },
  unchecked: {
    CLOCK_SKEW: '未检查时钟（未配置或无法连接时间参考）',
    APP_INTEGRITY: '未检查应用完整性（未登记校验值）',
  },
  mode: {
    warn: '处理方式：仅提示',
    block: '处理方式：停止受理',
  },
  blocking: '已停止受理核验，请处理上述问题',
  skew: '时钟偏差 {{seconds}} 秒',
  attention: {
    title: '本终端需要维护',
    body: '本终端暂时无法办理身份核验。',
    counter: '请前往柜台，工作人员将为您办理。',
  },
};

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

export const environmentEn: Widen<typeof environmentZhCN> = {
  name: 'Environment',
  trusted: 'Trusted',
  untrusted: 'Not trusted',
  notCheckedYet: 'Not checked yet',
  reason: {
    NOT_PROVISIONED: 'Terminal not provisioned (no registered device id)',
    UNKNOWN_DEVICE_ID: 'Device id differs from the registered one',
    CLOCK_SKEW: 'System clock is off by more than allowed',
    APP_INTEGRITY_MISMATCH: 'App integrity hash differs from the registered one',
    NO_NETWORK: 'No network, and the authority check needs it',
  },
  unchecked: {
    CLOCK_SKEW: 'Clock not checked (no time reference configured or reachable)',
    APP_INTEGRITY: 'App integrity not checked (no registered hash)',
  },
  mode: {
    warn: 'On untrusted: warn only',
    block: 'On untrusted: refuse sessions',
  },
  blocking: 'Sessions are refused until this is fixed',
  skew: 'Clock skew {{seconds}} s',
  attention: {
    title: 'This terminal needs attention',
    body: 'Identity verification is not available on this terminal right now.',
    counter: 'Please go to the counter, where a member of staff will help you.',
  },
};
