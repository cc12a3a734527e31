// Chinese (default) screen texts. Keys must match en.ts exactly (a unit test checks).
export const zhCN = {
  app: { name: '核身', fullName: '核身 · 身份核验自助终端', tagline: '刷身份证 + 刷脸，核验本人身份' },
  attract: { start: '开始', hint: '请点击“开始”，按屏幕提示完成身份核验' },
  language: { switchTo: 'English', label: '语言' },
  health: {
    title: '设备状态',
    reader: '身份证阅读器',
    camera: '摄像头',
    models: '识别模型',
    close: '关闭',
    open: '设备状态',
    state: { ok: '正常', degraded: '降级', missing: '未连接', error: '故障', starting: '启动中' },
  },
  common: { back: '返回', cancel: '取消', retry: '重试', confirm: '确认', next: '下一步' },
} as const;

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type ScreenTexts = Widen<typeof zhCN>;
