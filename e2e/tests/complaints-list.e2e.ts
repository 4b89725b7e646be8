import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { callApi } from '../support/api.js';
import { launchBrowser, openPage, saveScreenshot, totpCode } from '../support/browser.js';
import { startZhengming, type RunningZhengming } from '../support/server.js';

const artifactsDir = inject('artifactsDir');

interface ListAnswer {
  total: number;
  items: { number: string; subjectNames: string[] | null }[];
}

/** Signs a demo user in through the sign-in page, enrolling TOTP (every demo user starts without it). */
async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/');
  await page.getByLabel('用户名', { exact: true }).fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  const secret = (await page.getByTestId('totp-secret').innerText()).replace(/\s+/g, '');
  await page.getByLabel('6 位动态验证码', { exact: true }).fill(totpCode(secret));
  await page.getByRole('button', { name: '确认绑定' }).click();
}

/** Picks an option of the antd Select with this accessible name. */
async function choose(page: Page, label: string, option: string): Promise<void> {
  await page.getByLabel(label, { exact: true }).click();
  await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${option}"]`).click();
}

/** Waits until the table's total reads `共 N 件`. */
async function expectTotal(page: Page, total: number): Promise<void> {
  await page
    .getByTestId('complaint-total')
    .filter({ hasText: `共 ${total} 件` })
    .waitFor();
}

describe('the complaint list', () => {
  let browser: Browser;
  let demo: RunningZhengming;

  beforeAll(async () => {
    demo = await startZhengming({ isDemo: true, logName: 'server-demo-complaints.log' });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });

  it('[COMPLAINTS]: intake filters the list and finds the filters again; the monitor sees no subjects', async () => {
    const { context, page, pageErrors } = await openPage(browser, demo.baseUrl);
    // The browser's session cookie also signs the API calls that give the expected counts.
    const api = (query: string) => callApi<ListAnswer>(context.request, 'GET', `/api/complaints?${query}`);

    await signIn(page, 'intake', 'zhengming-demo-2');
    await page.getByRole('menuitem', { name: '检举控告' }).click();
    await page.getByRole('heading', { name: '检举控告' }).waitFor();
    const all = await api('');
    expect(all.total).toBeGreaterThan(5);
    await expectTotal(page, all.total);
    const firstNumber = page.getByRole('row').nth(1).getByRole('link');
    expect(await firstNumber.innerText()).toMatch(/^东纪〔\d{4}〕信字第\d+号$/);
    expect(all.items.some((item) => (item.subjectNames ?? []).length > 0)).toBe(true);
    await page
      .getByRole('cell', { name: all.items[0]!.subjectNames!.join('、') })
      .first()
      .waitFor();
    await saveScreenshot(page, artifactsDir, '30-complaints-intake');

    // Channel 网络 narrows the list; a status narrows it further.
    await choose(page, '渠道', '网络');
    const online = await api('channel=online');
    expect(online.total).toBeLessThan(all.total);
    expect(online.total).toBeGreaterThan(0);
    await expectTotal(page, online.total);
    const rows = page.getByRole('row').filter({ has: page.getByRole('link') });
    expect(await rows.count()).toBe(online.total);
    for (const row of await rows.all()) {
      await row.getByRole('cell', { name: '网络', exact: true }).waitFor();
    }
    const anonymousOnline = await api('channel=online&reporterKind=anonymous');
    await choose(page, '实名/匿名', '匿名');
    expect(anonymousOnline.total).toBeLessThan(online.total);
    await expectTotal(page, anonymousOnline.total);
    await choose(page, '实名/匿名', '实名');
    const realNameOnline = await api('channel=online&reporterKind=real_name');
    await expectTotal(page, realNameOnline.total);

    // Cleared, then by status, then status and channel together.
    await page.getByRole('button', { name: '清除筛选' }).click();
    await expectTotal(page, all.total);
    await choose(page, '状态', '已登记');
    const registered = await api('status=registered');
    expect(registered.total).toBeLessThan(all.total);
    await expectTotal(page, registered.total);
    await choose(page, '渠道', '来信');
    const registeredLetters = await api('status=registered&channel=letter');
    expect(registeredLetters.total).toBeLessThan(registered.total);
    await expectTotal(page, registeredLetters.total);
    await saveScreenshot(page, artifactsDir, '31-complaints-filtered');

    // Away and back, and after a reload: the filters are still there.
    await page.getByRole('menuitem', { name: '首页' }).click();
    await page.getByTestId('complaint-filters').waitFor({ state: 'detached' });
    await page.getByRole('menuitem', { name: '检举控告' }).click();
    await expectTotal(page, registeredLetters.total);
    await page.reload();
    await expectTotal(page, registeredLetters.total);
    await page.getByTestId('complaint-filters').getByText('来信', { exact: true }).waitFor();
    await page.getByTestId('complaint-filters').getByText('已登记', { exact: true }).waitFor();

    // The filters belong to intake: the monitor, in the same browser, starts with none and reads metadata only.
    await page.getByRole('button', { name: '用户菜单' }).click();
    await page.getByRole('menuitem', { name: '退出登录' }).click();
    await page.getByText('已退出登录。').waitFor();
    await signIn(page, 'monitor', 'zhengming-demo-6');
    await page.getByRole('menuitem', { name: '检举控告' }).click();
    const monitorView = await api('');
    expect(monitorView.total).toBeGreaterThan(0);
    expect(monitorView.items.every((item) => item.subjectNames === null)).toBe(true);
    await expectTotal(page, monitorView.total);
    const monitorRows = page.getByRole('row').filter({ has: page.getByRole('link') });
    expect(await monitorRows.count()).toBe(Math.min(monitorView.total, 20));
    for (const row of await monitorRows.all()) {
      await row.getByText('无权查看内容').waitFor();
    }
    for (const name of all.items.flatMap((item) => item.subjectNames ?? [])) {
      expect(await page.getByText(name).count()).toBe(0);
    }
    await saveScreenshot(page, artifactsDir, '32-complaints-monitor');

    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
