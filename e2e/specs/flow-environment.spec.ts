// A kiosk whose device id is not the one the back office registered, in block mode: the person sees "this terminal
// needs attention, please go to the counter" instead of the start button (never the reason), and staff health
// names the reason (unknown device id) and that sessions are refused.
import { expect, test } from '../fixtures';
import { pinHash, unlockStaff } from './flow-steps';

const PIN = '135790';

test.use({
  kioskConfig: {
    staff: { pinHash: pinHash(PIN) },
    records: {
      environment: { deviceId: 'K-0042', registeredDeviceIds: ['K-0001'], onUntrusted: 'block' },
    },
  },
});

test('an unregistered device id in block mode: attention screen, reason in staff health', async ({
  page,
  kiosk,
}) => {
  await expect(page.getByTestId('screen-attention')).toBeVisible();
  await expect(page.getByTestId('start')).toHaveCount(0);
  // The person's words (zh-CN by default), and nothing of the technical reason.
  await expect(page.getByTestId('screen-attention')).toContainText('本终端需要维护');
  await expect(page.getByTestId('alternative')).toContainText('柜台');
  await expect(page.getByTestId('screen-attention')).not.toContainText('设备标识');
  await kiosk.shot('environment-attention');

  await unlockStaff(page, PIN);
  const row = page.getByTestId('health-environment');
  await expect(row).toHaveAttribute('data-trusted', 'false');
  await expect(row).toHaveAttribute('data-blocking', 'true');
  await expect(row).toHaveAttribute('data-reasons', 'UNKNOWN_DEVICE_ID');
  await expect(page.getByTestId('environment-reason-UNKNOWN_DEVICE_ID')).toHaveText('设备标识与登记的不一致');
  await expect(row).toContainText('已停止受理核验');
  await kiosk.shot('environment-staff-health');

  // Locked again, the person still sees the attention screen, in English too.
  await page.getByTestId('staff-lock').click();
  await expect(page.getByTestId('staff-overlay')).toHaveCount(0);
  await expect(page.getByTestId('screen-attention')).toBeVisible();
  await page.getByTestId('language-switch').click();
  await expect(page.getByTestId('screen-attention')).toContainText('This terminal needs attention');
  await expect(page.getByTestId('alternative')).toContainText('counter');
});
