import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { callApi, signInThroughApi } from '../support/api.js';
import { launchBrowser, openPage, saveScreenshot, totpCode } from '../support/browser.js';

const baseUrl = inject('baseUrl');
const artifactsDir = inject('artifactsDir');
/** The built CLI, for the operator's steps. */
const CLI_MAIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../packages/cli/dist/main.js');

/** Picks an option of an Ant Design Select found by its field label. */
async function chooseOption(page: Page, label: string, option: string): Promise<void> {
  await page.getByLabel(label, { exact: true }).click();
  await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${option}"]`).click();
}

/** What the first test sets up for the later ones (tests in a file run in order). */
const admin = { password: '', totpSecret: '', lastTotpStep: 0 };

/** A TOTP code the server has not seen yet: codes are single-use, so wait for the next step if needed. */
async function freshTotpCode(): Promise<string> {
  let step = Math.floor(Date.now() / 30_000);
  if (step <= admin.lastTotpStep) {
    await new Promise((resolve) => setTimeout(resolve, (admin.lastTotpStep + 1) * 30_000 - Date.now() + 500));
    step = Math.floor(Date.now() / 30_000);
  }
  admin.lastTotpStep = step;
  return totpCode(admin.totpSecret);
}

/**
 * Completes a first sign-in through the page: one-time password, a new password, TOTP enrolment from the
 * secret shown. Returns the TOTP secret.
 */
async function completeFirstSignIn(
  page: Page,
  username: string,
  oneTimePassword: string,
  password: string,
): Promise<string> {
  await page.goto('/');
  await page.getByLabel('用户名', { exact: true }).fill(username);
  await page.getByLabel('密码', { exact: true }).fill(oneTimePassword);
  await page.getByRole('button', { name: '登录' }).click();
  // A password with the user's own name in it is refused, and the server's reason is shown.
  await page.getByLabel('新密码', { exact: true }).fill(`${username} 的长长长密码 2026`);
  await page.getByLabel('确认新密码', { exact: true }).fill(`${username} 的长长长密码 2026`);
  await page.getByRole('button', { name: '保存新密码' }).click();
  await page.getByRole('alert').getByText('密码不能包含用户名或姓名。').waitFor();
  await saveScreenshot(page, artifactsDir, '12-password-refused');
  await page.getByLabel('新密码', { exact: true }).fill(password);
  await page.getByLabel('确认新密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: '保存新密码' }).click();
  const secret = (await page.getByTestId('totp-secret').innerText()).replace(/\s+/g, '');
  await page.getByLabel('6 位动态验证码', { exact: true }).fill(totpCode(secret));
  await page.getByRole('button', { name: '确认绑定' }).click();
  return secret;
}

/** Signs the admin in through the page: password, then the TOTP code. */
async function signInAsAdmin(page: Page): Promise<void> {
  await page.goto('/');
  await page.getByLabel('用户名', { exact: true }).fill(inject('adminUsername'));
  await page.getByLabel('密码', { exact: true }).fill(admin.password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('heading', { name: '动态验证码' }).waitFor();
  await page.getByLabel('6 位动态验证码', { exact: true }).fill(await freshTotpCode());
  await page.getByRole('button', { name: '验证' }).click();
  await page.getByRole('heading', { name: '欢迎，系统管理员' }).waitFor();
}

describe('sign-in and administration', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('[AUTH]: admin signs in with TOTP, creates a user in an office, signs out', async () => {
    const { context, page, pageErrors } = await openPage(browser, baseUrl);
    const newPassword = '城关镇纪委 e2e 长密码 2026';
    const officeName = '城关镇纪委';
    const officeLabel = `${officeName} · 乡镇（街道）`;

    // Sign in with the one-time password the server printed at first start.
    await page.goto('/');
    await page.getByRole('heading', { name: '登录' }).waitFor();
    await saveScreenshot(page, artifactsDir, '01-sign-in');
    await page.getByLabel('用户名', { exact: true }).fill(inject('adminUsername'));
    await page.getByLabel('密码', { exact: true }).fill(inject('adminPassword'));
    await page.getByRole('button', { name: '登录' }).click();

    // First sign-in: a new password (the one-time password is not asked again).
    await page.getByRole('heading', { name: '修改密码' }).waitFor();
    await page.getByLabel('新密码', { exact: true }).fill(newPassword);
    await page.getByLabel('确认新密码', { exact: true }).fill(newPassword);
    await saveScreenshot(page, artifactsDir, '02-change-password');
    await page.getByRole('button', { name: '保存新密码' }).click();

    // TOTP enrolment: read the secret shown next to the QR code and answer with its current code.
    await page.getByRole('heading', { name: '绑定动态验证码' }).waitFor();
    await page.getByRole('img', { name: '动态验证码绑定二维码' }).waitFor();
    const secret = (await page.getByTestId('totp-secret').innerText()).replace(/\s+/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{16,}=*$/);
    await saveScreenshot(page, artifactsDir, '03-totp-enrolment');
    admin.totpSecret = secret;
    await page.getByLabel('6 位动态验证码', { exact: true }).fill(await freshTotpCode());
    await page.getByRole('button', { name: '确认绑定' }).click();
    admin.password = newPassword;

    // The main layout: product name, office switcher, the admin's menu.
    await page.getByRole('heading', { name: '欢迎，系统管理员' }).waitFor();
    expect(await page.getByRole('banner').innerText()).toContain('正名');
    await page.getByRole('menuitem', { name: '用户管理' }).waitFor();
    await page.getByRole('menuitem', { name: '机构管理' }).waitFor();
    await saveScreenshot(page, artifactsDir, '04-home');

    // 机构管理: a child office under the root office.
    await page.getByRole('menuitem', { name: '机构管理' }).click();
    await page.getByRole('heading', { name: '机构管理' }).waitFor();
    await page.getByRole('button', { name: '新建下级机构' }).click();
    const officeDialog = page.getByRole('dialog');
    await officeDialog.getByLabel('机构名称', { exact: true }).fill(officeName);
    await chooseOption(page, '行政层级', '乡镇（街道）');
    await officeDialog.getByRole('button', { name: '创建' }).click();
    await page.getByRole('tree').getByText(officeName, { exact: true }).waitFor();
    await saveScreenshot(page, artifactsDir, '05-offices');

    // 用户管理: a new user, whose one-time password is shown once.
    await page.getByRole('menuitem', { name: '用户管理' }).click();
    await page.getByRole('heading', { name: '用户管理' }).waitFor();
    await page.getByRole('button', { name: '新建用户' }).click();
    const userDialog = page.getByRole('dialog');
    await userDialog.getByLabel('用户名', { exact: true }).fill('zhangsan');
    await userDialog.getByLabel('姓名', { exact: true }).fill('张三');
    await userDialog.getByRole('button', { name: '创建' }).click();
    const oneTimePassword = (await page.getByTestId('one-time-password').innerText()).trim();
    expect(oneTimePassword.length).toBeGreaterThanOrEqual(12);
    await saveScreenshot(page, artifactsDir, '06-one-time-password');
    await page.getByRole('button', { name: '我已妥善交付，关闭' }).click();

    // A role in the new office: intake opens complaint content, so it waits for a leader's approval.
    const row = page.getByRole('row').filter({ hasText: 'zhangsan' });
    await row.getByRole('button', { name: '添加授权' }).click();
    const grantDialog = page.getByRole('dialog');
    await chooseOption(page, '机构', officeLabel);
    await chooseOption(page, '角色', '信访干部');
    await grantDialog.getByRole('button', { name: '保存' }).click();
    await row.getByText(`${officeName} · 信访干部 · 待领导审批`).waitFor();
    await saveScreenshot(page, artifactsDir, '07-users');

    // A grant can be revoked from its tag, after a confirmation.
    await row.getByRole('button', { name: `撤销授权：${officeName} · 信访干部` }).click();
    await page.getByRole('dialog').getByRole('button', { name: '撤销授权' }).click();
    await row.getByText('无授权').waitFor();

    // A user can be disabled and enabled again, each after a confirmation.
    await row.getByRole('button', { name: '停用' }).click();
    await page.getByRole('tooltip').filter({ hasText: '确定停用' }).getByRole('button', { name: '确定' }).click();
    await row.getByText('已停用').waitFor();
    await row.getByRole('button', { name: '启用' }).click();
    await page.getByRole('tooltip').filter({ hasText: '确定重新启用' }).getByRole('button', { name: '确定' }).click();
    await row.getByText('正常').waitFor();

    // Sign out and see the sign-in page again.
    await page.getByRole('button', { name: '用户菜单' }).click();
    await page.getByRole('menuitem', { name: '退出登录' }).click();
    await page.getByRole('heading', { name: '登录' }).waitFor();
    await page.getByText('已退出登录。').waitFor();
    await saveScreenshot(page, artifactsDir, '08-signed-out');

    // The session is gone on the server too.
    const session = await page.request.get('/api/auth/session');
    expect(session.status()).toBe(401);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('[I18N]: the English switch translates the app, reaches server messages and is remembered', async () => {
    const { context, page, pageErrors } = await openPage(browser, baseUrl);
    await page.goto('/');
    await page.getByRole('button', { name: '切换语言' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    // Server messages follow the language through accept-language.
    await page.getByLabel('Username', { exact: true }).fill('nobody');
    await page.getByLabel('Password', { exact: true }).fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText('Wrong username or password.').waitFor();
    await saveScreenshot(page, artifactsDir, '10-sign-in-english');
    await page.reload();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByRole('button', { name: 'Switch language' }).click();
    await page.getByRole('heading', { name: '登录' }).waitFor();
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('[AUTH]: an unknown path shows the 404 page; a session that ended returns to sign-in with a message', async () => {
    const { context, page, pageErrors } = await openPage(browser, baseUrl);
    await signInAsAdmin(page);
    await page.goto('/no/such/page');
    await page.getByText('页面不存在', { exact: true }).waitFor();
    // A page the active office's roles do not open looks the same as a missing one.
    await page.goto('/audit');
    await page.getByText('页面不存在', { exact: true }).waitFor();
    await saveScreenshot(page, artifactsDir, '11-not-found');
    expect(pageErrors).toEqual([]);

    // A session that ended on the server (here its cookie is gone, as after the idle timeout) returns to the
    // sign-in page with a message at the next call.
    await context.clearCookies();
    await page.getByRole('menuitem', { name: '用户管理' }).click();
    await page.getByText('登录已失效，请重新登录。').waitFor();
    await page.getByRole('heading', { name: '登录' }).waitFor();
    await saveScreenshot(page, artifactsDir, '09-session-expired');
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('[AUDIT]: an auditor reads the latest audit entries and verifies the chains', async () => {
    // Seed through the API: the admin creates an auditor in the root office (a role that opens no content).
    const seeding = await openPage(browser, baseUrl);
    const csrfToken = await signInThroughApi(
      seeding.context.request,
      inject('adminUsername'),
      admin.password,
      freshTotpCode,
    );
    const offices = await callApi<{ id: string; parentId: string | null; name: string }[]>(
      seeding.context.request,
      'GET',
      '/api/offices',
    );
    const rootOffice = offices.find((office) => office.parentId === null);
    const township = offices.find((office) => office.name === '城关镇纪委');
    expect(rootOffice).toBeDefined();
    expect(township).toBeDefined();
    const created = await callApi<{ user: { id: string }; oneTimePassword: string }>(
      seeding.context.request,
      'POST',
      '/api/users',
      { body: { username: 'lisi', displayName: '李四' }, csrfToken },
    );
    await seeding.context.close();
    // An auditor grant needs a leader's approval (issue 10); a fresh database has no leader, so the operator
    // records the root office's first leader and grants auditor with that leader's approval on the CLI — in the
    // root office and, so that the office switcher is a real choice, in a township.
    const serverEnv = inject('serverEnv');
    if (serverEnv === null) {
      throw new Error('[AUDIT] needs the locally started server (operator steps run on its CLI)');
    }
    const cli = (...args: string[]) => {
      const result = spawnSync(process.execPath, [CLI_MAIN, ...args], { env: serverEnv, encoding: 'utf8' });
      expect(result.status, `zhengming ${args.join(' ')}: ${result.stderr}`).toBe(0);
    };
    cli('user', 'add', 'wang.leader', '--name', '王领导');
    cli('office', 'bootstrap-leader', 'wang.leader');
    for (const office of [rootOffice!, township!]) {
      cli('user', 'grant', 'lisi', '--office', office.id, '--role', 'auditor', '--approved-by', 'wang.leader');
    }

    const { context, page, pageErrors } = await openPage(browser, baseUrl);
    await completeFirstSignIn(page, 'lisi', created.oneTimePassword, '审计员的长密码 2026 年启用');
    await page.getByRole('heading', { name: '欢迎，李四' }).waitFor();
    await page.getByRole('menuitem', { name: '审计日志' }).click();
    await page.getByRole('heading', { name: '审计日志' }).waitFor();
    // The sign-ins and changes above are in the log.
    await page.getByRole('table').getByRole('row').nth(1).waitFor();
    await page.getByRole('button', { name: '校验哈希链' }).click();
    await page.getByText(/哈希链校验通过/).waitFor();
    await saveScreenshot(page, artifactsDir, '13-audit');

    // Names instead of ids, labels instead of codes, details as text.
    const table = page.getByRole('table');
    await table.getByText('创建用户').first().waitFor();
    expect(await table.getByText('user.created').count()).toBe(0);
    // Filter: one action from the multi-select; only its entries remain, with readable details.
    await page.getByLabel('操作类型（可多选）', { exact: true }).click();
    await page.keyboard.type('创建用户');
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option[title="创建用户"]').click();
    await page.keyboard.press('Escape');
    const actionCells = page.locator('.ant-table-tbody tr.ant-table-row td:nth-child(5)');
    await expect
      .poll(async () => [...new Set(await actionCells.allInnerTexts())], { timeout: 15_000 })
      .toEqual(['创建用户']);
    await table.getByText('lisi', { exact: true }).first().waitFor();
    await table.getByText('用户名：').first().waitFor();
    await saveScreenshot(page, artifactsDir, '13b-audit-filtered');

    // Export with the same filter: an XLSX with Chinese headers and the filtered rows.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /导出 Excel/ }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^审计日志-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(await download.path());
    const rows = workbook.worksheets[0]!.getSheetValues().filter((row) => Array.isArray(row)) as unknown[][];
    expect(rows[0]![1]).toBe('时间（北京时间）');
    expect(rows.length).toBeGreaterThan(1);
    expect(new Set(rows.slice(1).map((row) => row[6]))).toEqual(new Set(['user.created']));
    // A reload clears the filters before the office switch below.
    await page.reload();
    await page.getByRole('heading', { name: '审计日志' }).waitFor();

    // Switching office reloads the page for that office alone: the township chain holds only its own entries.
    await chooseOption(page, '当前机构', '城关镇纪委 · 乡镇（街道）');
    // Not the success toast: it is transient and can be gone before a loaded machine looks for it.
    await page.getByRole('table').getByText('申请授权（待领导批准）').first().waitFor();
    const chainCells = page.locator('.ant-table-tbody tr.ant-table-row td:nth-child(2)');
    await expect.poll(async () => new Set(await chainCells.allInnerTexts()).size, { timeout: 15_000 }).toBe(1);
    expect((await chainCells.allInnerTexts()).length).toBeGreaterThan(0);
    expect(await page.getByText(/哈希链校验通过/).count()).toBe(0);
    await saveScreenshot(page, artifactsDir, '14-audit-township');
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
