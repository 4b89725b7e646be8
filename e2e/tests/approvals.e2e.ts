import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { callApi, enrolThroughApi } from '../support/api.js';
import { launchBrowser, openPage, saveScreenshot, totpCode } from '../support/browser.js';
import { startZhengming, type RunningZhengming } from '../support/server.js';

const artifactsDir = inject('artifactsDir');

interface ApprovalAnswer {
  id: string;
  kind: string;
  itemId: string;
  itemLabel: string;
  status: string;
  decidedBy?: { displayName: string };
  decisionReason?: string;
}

const REVEAL_REASON = '需当面向举报人核实土地流转合同和补贴造册情况，申请查看举报人联系方式';

// The demo data seeds the supervisor's reveal request and the intake officer's pass-up, both for the city's
// principal leader (`leader`) to decide.
describe('the leader approval inbox', () => {
  let browser: Browser;
  let demo: RunningZhengming;
  let leader: { context: BrowserContext; page: Page; pageErrors: string[] };

  beforeAll(async () => {
    demo = await startZhengming({ isDemo: true, logName: 'server-demo-approvals.log' });
    browser = await launchBrowser();
    // The leader signs in through the browser, enrolling TOTP.
    leader = await openPage(browser, demo.baseUrl);
    const { page } = leader;
    await page.goto('/');
    await page.getByLabel('用户名', { exact: true }).fill('leader');
    await page.getByLabel('密码', { exact: true }).fill('zhengming-demo-1');
    await page.getByRole('button', { name: '登录' }).click();
    const secret = (await page.getByTestId('totp-secret').innerText()).replace(/\s+/g, '');
    await page.getByLabel('6 位动态验证码', { exact: true }).fill(totpCode(secret));
    await page.getByRole('button', { name: '确认绑定' }).click();
    await page.getByRole('menuitem', { name: '待审批事项' }).click();
  });

  afterAll(async () => {
    await leader?.context.close();
    await browser?.close();
    await demo?.stop();
  });

  it('[APPROVALS]: a leader approves the supervisor’s reveal request, which then opens the identity', async () => {
    // The supervisor (through the API) finds their request pending and may not see the reporter yet.
    const supervisor = await openPage(browser, demo.baseUrl);
    const request = supervisor.context.request;
    await enrolThroughApi(request, 'supervisor', 'zhengming-demo-3', (secret) => totpCode(secret));
    const mine = await callApi<ApprovalAnswer[]>(request, 'GET', '/api/approvals/mine');
    const reveal = mine.find((approval) => approval.kind === 'identity_reveal');
    expect(reveal).toMatchObject({ status: 'pending' });
    const before = await request.fetch(`/api/complaints/${reveal!.itemId}/identity`);
    expect(before.ok()).toBe(false);

    // The leader sees the request with its reason, requester (four eyes) and duration, and approves it.
    const { page, pageErrors } = leader;
    const row = page.getByRole('row').filter({ hasText: '查看举报人身份' });
    await row.getByText(REVEAL_REASON).waitFor();
    await row.getByText('申请人 赵监督').waitFor();
    await row.getByText(reveal!.itemLabel).waitFor();
    await row.getByText(/查阅期限 \d+ 小时/).waitFor();
    await page.getByRole('row').filter({ hasText: '报送上级机关' }).getByText('须主要负责人审批').waitFor();
    await saveScreenshot(page, artifactsDir, '30-approval-inbox');

    await row.getByRole('button', { name: '批准' }).click();
    const confirm = page.getByRole('tooltip');
    await confirm.getByLabel('批准意见（可选）').fill('同意，限本次核查使用');
    await saveScreenshot(page, artifactsDir, '31-approve-reveal');
    await confirm.getByRole('button', { name: '批准' }).click();
    await page.getByText('已批准').waitFor();
    await row.waitFor({ state: 'detached' });

    // The supervisor now sees the reporter; the proposal shows who approved it and why.
    const identity = await request.fetch(`/api/complaints/${reveal!.itemId}/identity`);
    expect(identity.status()).toBe(200);
    const after = await callApi<ApprovalAnswer[]>(request, 'GET', '/api/approvals/mine');
    expect(after.find((approval) => approval.id === reveal!.id)).toMatchObject({
      status: 'approved',
      decidedBy: { displayName: '李领导' },
      decisionReason: '同意，限本次核查使用',
    });
    expect(pageErrors).toEqual([]);
    await supervisor.context.close();
  });

  it('[APPROVALS]: returning the pass-up needs reasons, and then it leaves the inbox', async () => {
    const { page, pageErrors } = leader;
    const row = page.getByRole('row').filter({ hasText: '报送上级机关' });
    await row.getByRole('button', { name: '退回' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('申请人 王信访').waitFor();
    // The dialog refuses an empty reason (and one of spaces).
    await dialog.getByRole('button', { name: '退回' }).click();
    await dialog.getByText('请填写退回理由').waitFor();
    await dialog.getByLabel('退回理由', { exact: true }).fill('   ');
    await dialog.getByRole('button', { name: '退回' }).click();
    await dialog.getByText('请填写退回理由').waitFor();
    expect(await row.count()).toBe(1);

    await dialog.getByLabel('退回理由', { exact: true }).fill('请先核实被反映人的干部管理权限后再报');
    await saveScreenshot(page, artifactsDir, '32-return-pass-up');
    await dialog.getByRole('button', { name: '退回' }).click();
    await page.getByText('已退回').waitFor();
    await row.waitFor({ state: 'detached' });
    await dialog.waitFor({ state: 'detached' });

    // The intake officer's own proposals show it returned, with the reasons.
    await page.getByRole('tab', { name: '我提请的审批' }).click();
    await page.getByText('您还没有提请审批的事项').waitFor();
    const intake = await openPage(browser, demo.baseUrl);
    await enrolThroughApi(intake.context.request, 'intake', 'zhengming-demo-2', (secret) => totpCode(secret));
    const mine = await callApi<ApprovalAnswer[]>(intake.context.request, 'GET', '/api/approvals/mine');
    expect(mine.find((approval) => approval.kind === 'pass_up')).toMatchObject({
      status: 'returned',
      decisionReason: '请先核实被反映人的干部管理权限后再报',
    });
    // … and so does their page (the API sign-in above is the browser context's session too).
    await intake.page.goto('/approvals');
    const returned = intake.page.getByRole('row').filter({ hasText: '报送上级机关' });
    await returned.getByText('已退回').waitFor();
    await returned.getByText('李领导').waitFor();
    await saveScreenshot(intake.page, artifactsDir, '33-my-proposals');
    await intake.page.getByRole('button', { name: '切换语言' }).click();
    await intake.page.getByRole('tab', { name: 'My proposals' }).waitFor();
    const returnedEn = intake.page.getByRole('row').filter({ hasText: 'Pass up to the parent office' });
    await returnedEn.getByText('Returned').waitFor();
    await saveScreenshot(intake.page, artifactsDir, '34-my-proposals-en');
    expect(intake.pageErrors).toEqual([]);
    expect(pageErrors).toEqual([]);
    await intake.context.close();
  });
});
