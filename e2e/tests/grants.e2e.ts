import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { callApi, enrolThroughApi } from '../support/api.js';
import { launchBrowser, openPage, saveScreenshot, totpCode } from '../support/browser.js';
import { startZhengming, type RunningZhengming } from '../support/server.js';

const artifactsDir = inject('artifactsDir');

interface UserAnswer {
  username: string;
  grants: { role: string; status: string }[];
}

// The demo data (`serve --demo`) has a principal leader, which a fresh database cannot get without the CLI.
describe('leader approval of grants', () => {
  let browser: Browser;
  let demo: RunningZhengming;

  beforeAll(async () => {
    demo = await startZhengming({ isDemo: true, logName: 'server-demo.log' });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });

  it('[GRANTS]: a leader approves one content grant that the admin requested and rejects another', async () => {
    // The demo admin creates two users and asks for 信访干部 in 东湖镇纪委: a content role, so each waits.
    const seeding = await openPage(browser, demo.baseUrl);
    const request = seeding.context.request;
    const csrfToken = await enrolThroughApi(request, 'admin', 'zhengming-demo-7', (secret) => totpCode(secret));
    const offices = await callApi<{ id: string; name: string }[]>(request, 'GET', '/api/offices');
    const donghu = offices.find((office) => office.name === '东湖镇纪委');
    expect(donghu).toBeDefined();
    const created = await callApi<{ user: { id: string } }>(request, 'POST', '/api/users', {
      body: { username: 'chenjun', displayName: '陈军' },
      csrfToken,
    });
    const grant = await callApi<{ status: string }>(request, 'POST', `/api/users/${created.user.id}/grants`, {
      body: { officeId: donghu!.id, role: 'intake', isPrincipal: false },
      csrfToken,
    });
    expect(grant.status).toBe('pending');
    const other = await callApi<{ user: { id: string } }>(request, 'POST', '/api/users', {
      body: { username: 'wangwu', displayName: '王五' },
      csrfToken,
    });
    await callApi(request, 'POST', `/api/users/${other.user.id}/grants`, {
      body: { officeId: donghu!.id, role: 'intake', isPrincipal: false },
      csrfToken,
    });

    // The leader signs in (enrolling TOTP), finds the request and approves it.
    const { context, page, pageErrors } = await openPage(browser, demo.baseUrl);
    await page.goto('/');
    await page.getByLabel('用户名', { exact: true }).fill('leader');
    await page.getByLabel('密码', { exact: true }).fill('zhengming-demo-1');
    await page.getByRole('button', { name: '登录' }).click();
    const secret = (await page.getByTestId('totp-secret').innerText()).replace(/\s+/g, '');
    await page.getByLabel('6 位动态验证码', { exact: true }).fill(totpCode(secret));
    await page.getByRole('button', { name: '确认绑定' }).click();
    await page.getByRole('menuitem', { name: '待审批授权' }).click();
    const row = page.getByRole('row').filter({ hasText: '陈军（chenjun）' });
    await row.getByText('信访干部').waitFor();
    await saveScreenshot(page, artifactsDir, '20-pending-grants');

    // 王五's request is rejected with a reason.
    const otherRow = page.getByRole('row').filter({ hasText: '王五（wangwu）' });
    await otherRow.getByRole('button', { name: '驳回' }).click();
    const rejectDialog = page.getByRole('dialog');
    await rejectDialog.getByText('申请授权：东湖镇纪委 · 信访干部').waitFor();
    await rejectDialog.getByLabel('驳回理由（可选）', { exact: true }).fill('尚未完成岗前培训');
    await saveScreenshot(page, artifactsDir, '21-reject-grant');
    await rejectDialog.getByRole('button', { name: '驳回' }).click();
    await page.getByText('已驳回').waitFor();
    await otherRow.waitFor({ state: 'detached' });

    await row.getByRole('button', { name: '批准' }).click();
    await page.getByRole('tooltip').getByRole('button', { name: '确定' }).click();
    await page.getByText('暂无待审批的授权').waitFor();

    // The admin now sees the grant active.
    const users = await callApi<UserAnswer[]>(request, 'GET', '/api/users');
    const chenjun = users.find((user) => user.username === 'chenjun');
    expect(chenjun?.grants).toEqual([expect.objectContaining({ role: 'intake', status: 'active' })]);
    // A rejected grant ends revoked, which the users list leaves out.
    expect(users.find((user) => user.username === 'wangwu')?.grants).toEqual([]);
    expect(pageErrors).toEqual([]);
    await context.close();
    await seeding.context.close();
  });
});
