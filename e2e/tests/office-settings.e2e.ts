import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, openPage, saveScreenshot, totpCode } from '../support/browser.js';
import { startZhengming, type RunningZhengming } from '../support/server.js';

const artifactsDir = inject('artifactsDir');

// The demo seeds 东湖镇纪委's settings (prefix 东纪, a 村“两委”换届 key period); 西山镇纪委 keeps the defaults.
describe('office settings for admins', () => {
  let browser: Browser;
  let demo: RunningZhengming;

  beforeAll(async () => {
    demo = await startZhengming({ isDemo: true, logName: 'server-office-settings.log' });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });

  it('[SETTINGS]: shows each office its own settings when the admin moves between offices', async () => {
    const { page, pageErrors } = await openPage(browser, demo.baseUrl);
    await page.goto('/');
    await page.getByLabel('用户名', { exact: true }).fill('admin');
    await page.getByLabel('密码', { exact: true }).fill('zhengming-demo-7');
    await page.getByRole('button', { name: '登录' }).click();
    const secret = (await page.getByTestId('totp-secret').innerText()).replace(/\s+/g, '');
    await page.getByLabel('6 位动态验证码', { exact: true }).fill(totpCode(secret));
    await page.getByRole('button', { name: '确认绑定' }).click();
    await page.getByRole('menuitem', { name: '机构管理' }).click();

    const settings = page.getByTestId('office-settings');
    const prefix = settings.getByLabel('机关代字', { exact: true });
    // The root office first (the defaults: its own name), then a township with saved settings, then another.
    await expect.poll(() => prefix.inputValue()).toBe('示范市纪委监委');
    await page.getByText('东湖镇纪委', { exact: true }).click();
    await expect.poll(() => prefix.inputValue()).toBe('东纪');
    await settings.getByText('编号示例：东纪〔').waitFor();
    expect(await settings.getByTestId('key-period').count()).toBe(1);
    await saveScreenshot(page, artifactsDir, '30-office-settings');
    await page.getByText('西山镇纪委', { exact: true }).click();
    await expect.poll(() => prefix.inputValue()).toBe('西山镇纪委');
    expect(await settings.getByTestId('key-period').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
