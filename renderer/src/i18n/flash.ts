// Screen texts of colour-flash liveness (the explanation before the colours, the gentle mode for people
// sensitive to flashing light, the words over the colours), in both languages. Mounted under `flash` by zh-CN.ts
// and en.ts; the English table is typed from the Chinese one, so a key missing in either fails the typecheck.
export const flashZhCN = {
  introTitle: '屏幕即将变换颜色',
  introBody: '请看着屏幕，保持不动。几种颜色将依次铺满屏幕，约 {{seconds}} 秒，用来确认是本人在摄像头前。',
  warning:
    '如果您对闪烁的光线敏感，请选择“柔和变色”：颜色变换更慢，并且逐渐过渡。您也可以点击“取消”，前往人工柜台办理。',
  gentle: '我对闪光敏感，使用柔和变色',
  gentleOn: '已选择柔和变色（再次点击可撤销）',
  startsIn: '{{seconds}} 秒后开始',
  keepLooking: '请看着屏幕，保持不动',
  stop: '停止',
};

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

export const flashEn: Widen<typeof flashZhCN> = {
  introTitle: 'The screen will change colour',
  introBody:
    'Please keep looking at the screen and hold still. A few colours will fill the screen for about {{seconds}} seconds, to check that a real person is in front of the camera.',
  warning:
    'If flashing light affects you, choose gentle colours: they change more slowly and fade in. You can also press Cancel and go to the staff counter.',
  gentle: 'Flashing light affects me: use gentle colours',
  gentleOn: 'Gentle colours chosen (tap again to undo)',
  startsIn: 'Starting in {{seconds}} s',
  keepLooking: 'Keep looking at the screen and hold still',
  stop: 'Stop',
};
