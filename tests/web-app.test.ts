import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MistralStandIn } from './support/mistral-stand-in.js';
import { validReportBody } from './support/reports.js';
import { signUpHr } from './support/identity.js';
import { startServer, type TestClient, type TestServer } from './support/server.js';

// Debian's chromium (.ci/run installs it). Elsewhere, set CHROMIUM_PATH or the test is skipped.
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = fs.existsSync(executablePath);
if (!haveChromium && process.env.CI !== 'true') {
  console.warn(`Skipping the web app test: no Chromium at ${executablePath}. Install Debian's chromium or set CHROMIUM_PATH.`);
}

const PASSWORD = 'correct horse battery';
const ANSWER = ['Thank you ', 'for telling ', 'me. ', 'How ', 'are ', 'you ', 'feeling ', 'now?'];
const artifacts = path.resolve('test-artifacts/web-app');
const sample = path.resolve('datasets/sample');
const KINDS = ['activity_tracker', 'leave', 'onboarding', 'performance', 'rewards', 'vibemeter'];

/**
 * A TCP proxy in front of the server for the employee's browser: `drop()` cuts every
 * connection and refuses new ones for a while, as a network outage or a restart would.
 */
async function startProxy(target: URL) {
  const sockets = new Set<net.Socket>();
  let refuseUntil = 0;
  const proxy = net.createServer((client) => {
    if (Date.now() < refuseUntil) return client.destroy();
    const upstream = net.connect(Number(target.port), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(proxy.address() as net.AddressInfo).port}`,
    drop(forMs: number) {
      refuseUntil = Date.now() + forMs;
      for (const s of sockets) s.destroy();
    },
    close: () => new Promise<void>((resolve) => proxy.close(() => resolve())),
  };
}

async function check(page: Page, name: string) {
  await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), `${name}: no horizontal overflow`).toBeLessThanOrEqual(0);
  await page.addScriptTag({ path: path.resolve('node_modules/axe-core/axe.min.js') });
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run(): Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }> } }).axe.run();
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  expect(violations, `axe on ${name}`).toEqual([]);
}

/**
 * Console errors and uncaught exceptions. The browser's own network log lines (an HTTP error
 * status, a WebSocket refused during the outage below) are not the page's and cannot be muted.
 */
function watchErrors(page: Page, errors: string[]) {
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    const network = /^(Failed to load resource|WebSocket connection to .* failed)/.test(message.text());
    if (message.type() === 'error' && !network) errors.push(`console: ${message.text()}`);
  });
}

async function waitForReport(client: TestClient) {
  for (let i = 0; i < 300; i++) {
    if ((await client.reports.list.query({})).items.length > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('no report within 30 s');
}

async function signIn(page: Page, username: string, password: string) {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describe.skipIf(!haveChromium && process.env.CI !== 'true')('the web app in a browser', () => {
  let standIn: MistralStandIn;
  let server: TestServer;
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  let browser: Browser;
  let hrContext: BrowserContext;
  let employeeContext: BrowserContext;
  let hr: Page;
  let employee: Page;
  let hrUsername: string;
  let hrApi: TestClient;
  let firstFlagged: string;
  const errors: string[] = [];

  beforeAll(async () => {
    // The app as `npm start` serves it: `prestart` rebuilds web/dist if a source is newer (else
    // it is the build of `npm install`), so other tests reading web/dist meanwhile see one build.
    const prestart = spawnSync(process.execPath, ['scripts/build-if-stale.mjs'], { encoding: 'utf8' });
    expect(prestart.status, prestart.stderr).toBe(0);
    fs.mkdirSync(artifacts, { recursive: true });
    // The question about hours is answered slowly: the page is reloaded in the middle of it.
    const delayFor = (request: { body: { messages: Array<{ role: string; content: unknown }> } }) =>
      String(request.body.messages.filter((m) => m.role === 'user').at(-1)?.content ?? '').includes('my hours') ? 500 : 120;
    standIn = await MistralStandIn.start((request) => (request.stream ? { chunks: ANSWER, delayMs: delayFor(request) } : { content: validReportBody }));
    server = await startServer({
      MISTRAL_API_KEY: 'test-key',
      MISTRAL_SERVER_URL: standIn.url,
      CHECKIN_SCHEDULE_ENABLED: 'false',
      // The outage below lasts a few seconds: the answer must outlive it.
      CHAT_ABANDON_GRACE_MS: '20000',
    });
    proxy = await startProxy(new URL(server.url));
    const account = await signUpHr(server);
    hrUsername = account.user.username;
    hrApi = account.client;
    browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
    hrContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    employeeContext = await browser.newContext({ viewport: { width: 1000, height: 800 } });
    hr = await hrContext.newPage();
    employee = await employeeContext.newPage();
    watchErrors(hr, errors);
    watchErrors(employee, errors);
  });

  afterEach(async ({ task }) => {
    if (task.result?.state !== 'fail') return;
    const name = task.name.replace(/\W+/g, '-').slice(0, 40);
    await hr?.screenshot({ path: path.join(artifacts, `failed-${name}-hr.png`), fullPage: true }).catch(() => {});
    await employee?.screenshot({ path: path.join(artifacts, `failed-${name}-employee.png`), fullPage: true }).catch(() => {});
  });

  afterAll(async () => {
    await browser?.close();
    await proxy?.close();
    await server?.close();
    await standIn?.close();
  });

  it('says so when the password is wrong, and signs HR in with the right one', { timeout: 60_000 }, async () => {
    await hr.goto(server.url);
    await signIn(hr, hrUsername, 'not the password');
    await hr.getByRole('alert').filter({ hasText: 'Wrong username or password' }).waitFor();
    await check(hr, '01-sign-in-wrong-password');

    await signIn(hr, hrUsername, PASSWORD);
    await hr.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    const nav = hr.getByRole('navigation', { name: 'HR pages' });
    for (const name of ['Overview', 'Flagged', 'Employees', 'Upload', 'Reports', 'Check-ins', 'Alerts']) {
      expect(await nav.getByRole('link', { name, exact: true }).count(), name).toBe(1);
    }
    await hr.getByText('No HR data yet').waitFor();
    await check(hr, '02-overview-empty');
  });

  it('uploads the sample through the Upload page, with progress and the result', { timeout: 60_000 }, async () => {
    await hr.getByRole('link', { name: 'Upload', exact: true }).click();
    await hr.getByLabel('CSV files').setInputFiles(KINDS.map((kind) => path.join(sample, `${kind}_dataset.csv`)));
    await hr.getByRole('button', { name: 'Upload 6 files' }).click();
    await hr.locator('progress').waitFor();
    await hr.screenshot({ path: path.join(artifacts, '03-upload-progress.png') });
    await hr.getByRole('heading', { name: 'Imported' }).waitFor({ timeout: 30_000 });
    const flagged = await hrApi.hrdata.flagged.query({ limit: 10_000 });
    expect(flagged.length).toBeGreaterThan(0);
    firstFlagged = flagged[0]!.employeeId;
    const result = await hr.getByRole('status').filter({ hasText: 'employees analysed' }).textContent();
    expect(result).toContain(`200 employees analysed, ${flagged.length} flagged`);
    await check(hr, '03-upload-result');
  });

  it('lists the flagged employees, searchable and sortable, each linking to their page', { timeout: 60_000 }, async () => {
    const flagged = await hrApi.hrdata.flagged.query({ limit: 10_000 });
    await hr.getByRole('link', { name: 'Flagged', exact: true }).click();
    const table = hr.getByRole('table', { name: 'Flagged employees' });
    await table.waitFor();
    await hr.getByText(`${flagged.length} of ${flagged.length} flagged employees`).waitFor();
    const firstRow = table.getByRole('row').nth(1);
    expect(await firstRow.getByRole('cell').first().textContent()).toBe('1');
    expect(await firstRow.getByRole('link').textContent()).toBe(firstFlagged);
    expect(await firstRow.getByRole('cell').nth(3).textContent()).toBe(flagged[0]!.concerns.join('; '));
    await check(hr, '04-flagged');

    // Sorted by score, highest first: the same order as by rank.
    await table.getByRole('button', { name: /Score/ }).click();
    expect(await table.getByRole('columnheader', { name: /Score/ }).getAttribute('aria-sort')).toBe('descending');
    const last = flagged.at(-1)!;
    await hr.getByLabel('Search by employee or reason').fill(last.employeeId);
    await hr.getByText(`1 of ${flagged.length} flagged employees`).waitFor();
    await table.getByRole('link', { name: last.employeeId }).click();
    await hr.getByRole('heading', { name: `Employee ${last.employeeId}` }).waitFor();
  });

  it("draws an employee's monthly signals as charts, with problems and concerns", { timeout: 60_000 }, async () => {
    await hr.goto(`${server.url}/employees/${firstFlagged}`);
    await hr.getByRole('heading', { name: `Employee ${firstFlagged}` }).waitFor();
    const charts = hr.locator('figure.chart');
    await charts.nth(3).locator('svg .recharts-cartesian-axis').first().waitFor();
    expect(await charts.count()).toBe(4);
    for (let i = 0; i < 4; i++) expect(await charts.nth(i).locator('svg .recharts-cartesian-axis-tick-value').count(), `chart ${i}`).toBeGreaterThan(2);
    // Vibe and work hours: a line with a point a month.
    const months = Number(await charts.nth(0).locator('tbody tr').count());
    expect(months).toBeGreaterThan(1);
    for (const i of [0, 1]) expect(await charts.nth(i).locator('svg .recharts-line-dot').count(), `chart ${i}`).toBe(months);
    expect(await hr.getByRole('heading', { name: 'Concerns' }).count()).toBe(1);
    expect(await hr.locator('.stats dd').first().textContent()).toBe('Flagged');
    // Nobody invited, never selected: said so, next to the Invite button.
    await hr.getByText('Account: No account linked yet').waitFor();
    await hr.getByRole('region', { name: 'Check-ins' }).getByText('No check-ins yet.').waitFor();
    await check(hr, '05-employee');
  });

  it('shows the row errors of a refused file, and imports nothing', { timeout: 60_000 }, async () => {
    await hr.getByRole('link', { name: 'Upload', exact: true }).click();
    await hr.getByLabel('CSV files').setInputFiles({
      name: 'vibemeter_dataset.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('Employee_ID,Response_Date,Vibe_Score\nEMP0001,01-02-2024,4\nEMP0002,31-31-2024,9\n'),
    });
    await hr.getByRole('button', { name: 'Upload 1 file' }).click();
    await hr.getByRole('heading', { name: 'Refused' }).waitFor({ timeout: 30_000 });
    const errorsTable = hr.getByRole('table', { name: 'Row errors in vibemeter_dataset.csv' });
    const cells = await errorsTable.getByRole('row').nth(1).getByRole('cell').allTextContents();
    expect(cells[0]).toBe('3');
    expect(['Response_Date', 'Vibe_Score']).toContain(cells[1]);
    expect(cells[2]!.length).toBeGreaterThan(0);
    await check(hr, '06-upload-refused');
    // Still the sample's data.
    expect((await hrApi.hrdata.summary.query())?.headcount).toBe(200);
  });

  it('previews what a file would change, imports it, and undoes it from the upload history', { timeout: 90_000 }, async () => {
    const twoRows = { name: 'vibemeter_dataset.csv', mimeType: 'text/csv', buffer: Buffer.from('Employee_ID,Response_Date,Vibe_Score\nEMP0001,01-02-2024,4\nEMP0002,02-02-2024,1\n') };
    const vibeRows = async () => (await hrApi.hrdata.imports.query()).find((u) => u.status === 'applied' && u.files.some((f) => f.kind === 'vibemeter'))?.files.find((f) => f.kind === 'vibemeter')?.rows;
    const before = await vibeRows();
    expect(before).toBeGreaterThan(8_000);
    const flaggedBefore = (await hrApi.hrdata.flagged.query({ limit: 10_000 })).map((f) => f.employeeId);
    await hr.getByRole('link', { name: 'Upload', exact: true }).click();
    await hr.getByLabel('CSV files').setInputFiles(twoRows);

    // Replace mode (the default): the preview says the stored rows would go, and nothing changes.
    await hr.getByRole('button', { name: 'Preview changes' }).click();
    const preview = hr.getByRole('table', { name: 'What uploading in replace mode would change' });
    await preview.waitFor({ timeout: 30_000 });
    const cells = await preview.getByRole('row').nth(1).getByRole('cell').allTextContents();
    const [kind, added, updated, removed] = [cells[0], ...cells.slice(1).map((cell) => Number(cell.replaceAll(',', '')))];
    expect(kind).toBe('vibemeter');
    expect(added! + updated!).toBe(2); // a row of the file can be a stored row with a new score
    expect(removed! + updated!).toBe(before); // every other stored row would go
    expect(await hr.getByRole('note').textContent()).toMatch(/^vibemeter: [\d,]+ rows now stored would go, and [\d,]+ employees would have no vibemeter data\.$/);
    await check(hr, '06b-upload-preview');
    expect(await vibeRows()).toBe(before);

    // Append mode previews an addition instead; then the import, which the history lists first.
    await hr.getByLabel(/Add the file's rows/).check();
    await hr.getByRole('button', { name: 'Preview changes' }).click();
    const appendPreview = hr.getByRole('table', { name: 'What uploading in append mode would change' });
    await appendPreview.waitFor({ timeout: 30_000 });
    expect((await appendPreview.getByRole('row').nth(1).getByRole('cell').allTextContents()).slice(3)).toEqual(['0', '0', '0']);
    await hr.getByLabel(/Replace that kind's data/).check();
    await hr.getByRole('button', { name: 'Upload 1 file' }).click();
    await hr.getByRole('heading', { name: 'Imported' }).waitFor({ timeout: 30_000 });
    expect(await vibeRows()).toBe(2);
    const history = hr.getByRole('table', { name: 'Uploads, newest first' });
    const newest = history.getByRole('row').nth(1);
    await newest.getByRole('cell', { name: 'applied' }).waitFor();
    expect(await newest.getByRole('cell').nth(2).textContent()).toBe(hrUsername);
    expect(await newest.getByRole('cell').nth(4).textContent()).toBe('vibemeter: vibemeter_dataset.csv (2 rows)');

    // Undo asks first, then restores the data as it was and analyses it again.
    const { importId } = (await hrApi.hrdata.imports.query())[0]!;
    await newest.getByRole('button', { name: `Undo #${importId}…` }).click();
    await newest.getByRole('group', { name: `Undo upload #${importId}` }).waitFor();
    await check(hr, '06c-undo-confirm');
    await newest.getByRole('button', { name: 'Undo it' }).click();
    await hr.getByRole('status').filter({ hasText: `Undone: upload #${importId}` }).waitFor({ timeout: 30_000 });
    await newest.getByRole('cell', { name: /^undone by / }).waitFor();
    expect(await newest.getByRole('button').count()).toBe(0);
    expect(await hr.getByRole('heading', { name: 'Imported' }).count()).toBe(0); // the undone upload's result is gone
    await hr.getByRole('cell', { name: 'imported, then undone' }).waitFor();
    await check(hr, '06d-undone');
    expect((await hrApi.hrdata.imports.query())[0]!.status).toBe('rolled_back');
    expect((await hrApi.hrdata.flagged.query({ limit: 10_000 })).map((f) => f.employeeId)).toEqual(flaggedBefore);
    expect((await hrApi.hrdata.summary.query())?.headcount).toBe(200);
  });

  it('invites a flagged employee, who registers from the link and gets the check-in opener first', { timeout: 90_000 }, async () => {
    await hr.getByRole('link', { name: 'Employees', exact: true }).click();
    await hr.getByRole('heading', { name: 'Employees', level: 1 }).waitFor();
    await hr.getByRole('cell', { name: hrUsername, exact: true }).waitFor();
    await hr.getByLabel('Employee ID').fill(firstFlagged);
    await hr.getByRole('button', { name: 'Open' }).click();
    await hr.getByRole('heading', { name: `Employee ${firstFlagged}` }).waitFor();
    await hr.getByRole('button', { name: 'Invite' }).click();
    const link = await hr.getByLabel(/Invite link for/).inputValue();
    expect(link).toMatch(/\?invite=/);
    await check(hr, '07-invite');

    // The employee's browser talks to the server through the proxy (same server, another origin).
    await employee.goto(link.replace(server.url, proxy.url));
    await employee.getByRole('heading', { name: 'Create your account' }).waitFor();
    await check(employee, '08-register-from-invite');
    await employee.getByLabel('Username').fill('webemployee');
    await employee.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await employee.getByLabel('Repeat password').fill(PASSWORD);
    await employee.getByRole('button', { name: 'Create account' }).click();
    await employee.getByLabel('Message').waitFor();

    // The new account, linked to the invite's employee ID.
    await hr.getByRole('link', { name: 'Employees', exact: true }).click();
    await hr.getByRole('row').filter({ hasText: 'webemployee' }).getByRole('link', { name: firstFlagged }).waitFor();
    await check(hr, '08-employees');

    await hr.getByRole('link', { name: 'Check-ins', exact: true }).click();
    await hr.getByRole('button', { name: "Run today's selection" }).click();
    await hr.getByText('1 newly selected.').waitFor();
    await hr.getByRole('table', { name: 'Selected today' }).getByText('webemployee').waitFor();
    await check(hr, '09-checkins');

    // Their page now shows the account the invite linked, and today's check-in with its reasons in words.
    await hr.getByRole('table', { name: 'Selected today' }).getByRole('link', { name: firstFlagged }).click();
    await hr.getByText('Account: Linked to webemployee').waitFor();
    const history = hr.getByRole('region', { name: 'Check-ins' }).getByRole('row');
    await history.nth(1).waitFor();
    expect(await history.count()).toBe(2);
    const [day, status, reasons] = await history.nth(1).getByRole('cell').allTextContents();
    expect(day).toBe(new Date().toISOString().slice(0, 10));
    expect(status).toBe('Waiting for them to open the chat');
    expect(reasons).toMatch(/[a-z]/);
    expect(reasons).not.toMatch(/\d/);
    await check(hr, '09-employee-checkins');

    await employee.reload();
    const opener = employee.locator('.bubble[data-source="checkin"]');
    await opener.waitFor();
    expect(await employee.locator('.bubble').count()).toBe(1);
    await check(employee, '10-chat-opener');
  });

  it("streams the employee's answer chunk by chunk, and survives a dropped connection", { timeout: 90_000 }, async () => {
    // Every text the streaming answer shows, in order.
    await employee.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { growth: string[] }).growth = seen;
      new MutationObserver(() => {
        const text = document.querySelector('.bubble.streaming')?.textContent?.replace('Assistant:', '').trim();
        if (text && seen.at(-1) !== text) seen.push(text);
      }).observe(document.querySelector('.chat')!, { subtree: true, childList: true, characterData: true });
    });
    const growth = () => employee.evaluate(() => (window as unknown as { growth: string[] }).growth);
    const field = employee.getByLabel('Message');
    await field.fill('I am worried about my workload');
    await field.press('Enter');
    await employee.locator('.bubble.mine').filter({ hasText: 'I am worried about my workload' }).waitFor();
    await employee.locator('.bubble.theirs[data-source^="mistral"]').waitFor({ timeout: 30_000 });
    const first = await growth();
    expect(first.length).toBeGreaterThanOrEqual(3);
    first.forEach((text, i) => i > 0 && expect(text.startsWith(first[i - 1]!) && text.length > first[i - 1]!.length).toBe(true));
    expect(await employee.locator('.bubble.theirs[data-source^="mistral"]').last().textContent()).toContain(ANSWER.join(''));

    // The connection drops mid-answer: the page says so, reconnects, and the answer ends whole, once.
    await employee.evaluate(() => ((window as unknown as { growth: string[] }).growth.length = 0));
    await field.fill('And my manager never listens');
    await field.press('Enter');
    await employee.locator('.bubble.streaming').waitFor();
    proxy.drop(1500);
    await employee.getByText('The connection to the server was lost').waitFor();
    await check(employee, '11-chat-reconnecting');
    await employee.locator('.bubble.theirs[data-source^="mistral"]').nth(1).waitFor({ timeout: 30_000 });
    await employee.getByText('The connection to the server was lost').waitFor({ state: 'hidden' });
    const answers = await employee.locator('.bubble.theirs[data-source^="mistral"]').allTextContents();
    expect(answers.map((a) => a.replace('Assistant:', '').trim())).toEqual([ANSWER.join('').trim(), ANSWER.join('').trim()]);
    expect(await employee.locator('.bubble.streaming').count()).toBe(0);
    await check(employee, '12-chat-answered');

    // History on open: the same conversation after a reload.
    await employee.reload();
    await employee.locator('.bubble').nth(4).waitFor();
    expect(await employee.locator('.bubble').count()).toBe(5);
  });

  it("puts an employee's crisis message on HR's open page at once, and keeps it after a reload", { timeout: 60_000 }, async () => {
    await hr.getByRole('link', { name: 'Overview', exact: true }).click();
    await hr.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    const field = employee.getByLabel('Message');
    await field.fill('I want to kill myself');
    await field.press('Enter');
    // Within 2 s, without a reload: a toast and the badge.
    const toast = hr.locator('[data-sonner-toast]').filter({ hasText: 'Crisis sign from webemployee' });
    await toast.waitFor({ timeout: 2000 });
    expect(await hr.getByLabel('1 new alert').textContent()).toBe('1');
    // Checked for contrast once its fade-in is over.
    await toast.evaluate((element) => Promise.all(element.getAnimations({ subtree: true }).map((a) => a.finished)));
    await hr.waitForFunction(() => getComputedStyle(document.querySelector('[data-sonner-toast]')!).opacity === '1');
    await check(hr, '13-alert-toast');

    await hr.getByRole('link', { name: 'Alerts', exact: true }).click();
    await hr.getByRole('main').getByRole('listitem').filter({ hasText: 'Crisis sign from webemployee' }).waitFor();
    expect(await hr.getByLabel(/new alert/).count()).toBe(0);
    // After a reload the list is still there, and new alerts keep coming.
    await hr.reload();
    await field.fill('I want to end my life');
    await field.press('Enter');
    await hr.getByRole('main').getByRole('listitem').filter({ hasText: 'end my life' }).waitFor({ timeout: 10_000 });
    expect(await hr.getByRole('main').getByRole('listitem').filter({ hasText: 'Crisis sign from webemployee' }).count()).toBe(2);
    await check(hr, '14-alerts');
  });

  it('shows HR the alerts told while no HR page was open, in a browser that never saw them', { timeout: 60_000 }, async () => {
    const elsewhere = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await elsewhere.newPage();
    watchErrors(page, errors);
    await page.goto(server.url);
    await signIn(page, hrUsername, PASSWORD);
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    // Read back from hr.recentAlerts: the badge counts them as new on this browser.
    await page.getByLabel(/^\d+ new alerts?$/).waitFor();
    await page.getByRole('link', { name: 'Alerts', exact: true }).click();
    await page.getByRole('main').getByRole('listitem').filter({ hasText: 'end my life' }).waitFor();
    expect(await page.getByRole('main').getByRole('listitem').filter({ hasText: 'Crisis sign from webemployee' }).count()).toBe(2);
    await check(page, '14b-alerts-elsewhere');
    await elsewhere.close();
  });

  it('shows an answer from its first words after a reload in the middle of it', { timeout: 60_000 }, async () => {
    // Every text the streaming bubble shows after the reload, from the page's first moment.
    await employee.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { resumed: string[] }).resumed = seen;
      new MutationObserver(() => {
        const text = document.querySelector('.bubble.streaming')?.textContent?.replace('Assistant:', '').trim();
        if (text && seen.at(-1) !== text) seen.push(text);
      }).observe(document, { subtree: true, childList: true, characterData: true });
    });
    const answered = await employee.locator('.bubble.theirs[data-source^="mistral"]').count();
    const field = employee.getByLabel('Message');
    await field.fill('Can we talk about my hours?');
    await field.press('Enter');
    await employee.locator('.bubble.streaming').filter({ hasText: 'for telling' }).waitFor();
    await employee.reload();
    await employee.locator('.bubble.theirs[data-source^="mistral"]').nth(answered).waitFor({ timeout: 30_000 });
    const resumed = await employee.evaluate(() => (window as unknown as { resumed: string[] }).resumed);
    expect(resumed.length).toBeGreaterThan(0);
    for (const text of resumed) expect(text.startsWith('Thank you'), text).toBe(true);
    expect(await employee.locator('.bubble.theirs[data-source^="mistral"]').nth(answered).textContent()).toContain(ANSWER.join('').trim());
    expect(await employee.locator('.bubble.streaming').count()).toBe(0);
  });

  it('renders the report of the ended conversation, and the daily People-Experience report', { timeout: 60_000 }, async () => {
    await employee.getByRole('button', { name: 'End conversation' }).click();
    await employee.getByText('Conversation ended.').waitFor();
    await waitForReport(hrApi);
    await hr.getByRole('link', { name: 'Reports', exact: true }).click();
    await hr.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
    await hr.getByLabel('Risk').selectOption('medium');
    await hr.getByRole('link', { name: /^Open report/ }).click();
    await hr.getByText(validReportBody.employee_summary).waitFor();
    for (const text of [...validReportBody.key_insights, ...validReportBody.recommended_actions]) await hr.getByText(text, { exact: true }).waitFor();
    // The employee's own words from that session.
    await hr.getByRole('blockquote').filter({ hasText: 'And my manager never listens' }).waitFor();
    await check(hr, '15-report');
    await hr.goto(`${server.url}/reports`);
    await hr.getByRole('link', { name: 'Daily People-Experience report' }).click();
    await hr.getByRole('heading', { name: 'People-Experience report' }).waitFor();
    await hr.getByText('Contacted', { exact: true }).first().waitFor();
    await check(hr, '16-daily-report');
  });

  it('sends an expired session back to Sign in with a message, and signs out for real', { timeout: 60_000 }, async () => {
    const employeeToken = await employee.evaluate(() => localStorage.getItem('hr-assistant.token'));
    expect(await server.app.services.auth.authenticate(employeeToken)).not.toBeNull();
    await employee.getByRole('button', { name: 'Sign out' }).click();
    await employee.getByRole('button', { name: 'Sign in' }).waitFor();
    // auth.logout ended the session on the server, not just on the page.
    expect(await server.app.services.auth.authenticate(employeeToken)).toBeNull();

    const token = await hr.evaluate(() => localStorage.getItem('hr-assistant.token'));
    // HR's browser session ends on the server, as an expiry would: the page finds out (its live
    // connection is closed and refused) and goes back to Sign in.
    await server.app.services.auth.logout((await server.app.services.auth.authenticate(token))!.sessionId);
    await hr.getByText('Your session has expired or was ended. Please sign in again.').waitFor();
    await check(hr, '17-session-expired');
    expect(await hr.evaluate(() => localStorage.getItem('hr-assistant.token'))).toBeNull();
    expect(errors).toEqual([]);
  });
});
