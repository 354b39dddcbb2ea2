import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HR_KINDS } from '../src/hrdata/kinds.js';
import { MistralStandIn } from './support/mistral-stand-in.js';
import { signUpHr, signUpLinked } from './support/identity.js';
import { startServer, tempDir, type TestServer } from './support/server.js';

// Debian's chromium (.ci/run installs it). Elsewhere, set CHROMIUM_PATH or the test is skipped.
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = fs.existsSync(executablePath);
if (!haveChromium && process.env.CI !== 'true') {
  console.warn(`Skipping the legacy frontend browser test: no Chromium at ${executablePath}. Install Debian's chromium or set CHROMIUM_PATH.`);
}

const PASSWORD = 'correct horse battery';
const ANSWER = ['Long days ', 'wear anyone ', 'down. ', 'What keeps ', 'you late ', 'most evenings?'];
const artifacts = path.resolve('test-artifacts/legacy-frontend');

async function signIn(page: Page, url: string, username: string) {
  // A client route of the original: the server answers it with the app's index.html.
  await page.goto(`${url}/login`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect.poll(() => page.locator('#page-status').textContent(), { timeout: 15_000 }).toBe('loaded');
}

describe.skipIf(!haveChromium && process.env.CI !== 'true')('the original frontend’s calls, from a page served by LEGACY_WEB_DIR', () => {
  let mistral: MistralStandIn;
  let server: TestServer;
  let browser: Browser;
  let employee: { username: string; employeeId: string };
  let hrUsername: string;

  beforeAll(async () => {
    const dist = tempDir('elara-dist-');
    for (const file of ['index.html', 'app.js']) fs.copyFileSync(path.resolve('tests/fixtures/legacy-frontend', file), path.join(dist, file));
    mistral = await MistralStandIn.start(() => ({ chunks: ANSWER, delayMs: 60 }));
    server = await startServer({ LEGACY_WEB_DIR: dist, MISTRAL_API_KEY: 'test-key', MISTRAL_SERVER_URL: mistral.url });
    const hr = await signUpHr(server);
    hrUsername = hr.user.username;
    const form = new FormData();
    for (const kind of HR_KINDS) form.append(kind, await fs.openAsBlob(path.resolve(`datasets/sample/${kind}_dataset.csv`)), `${kind}_dataset.csv`);
    await hr.client.hrdata.upload.mutate(form);
    // A flagged employee with rewards, so every chart has data.
    const rewarded = fs.readFileSync(path.resolve('datasets/sample/rewards_dataset.csv'), 'utf8').split('\n').map((line) => line.split(',')[0]);
    const employeeId = (await hr.client.hrdata.flagged.query()).map((f) => f.employeeId).find((id) => rewarded.includes(id))!;
    const linked = await signUpLinked(server.url, hr.client, employeeId);
    employee = { username: linked.user.username, employeeId };
    await hr.client.checkins.runDaily.mutate(); // the bell: a check-in waits for them
    hr.client.close();
    linked.client.close();
    fs.mkdirSync(artifacts, { recursive: true });
    browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await mistral?.close();
  });

  it('signs an employee in, shows profile, mood, activity, rewards and tips, and streams a chat answer over the cookie-authenticated socket', { timeout: 60_000 }, async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await signIn(page, server.url, employee.username);

    const text = (selector: string) => page.locator(selector).textContent();
    const items = (selector: string) => page.locator(`${selector} li`).allTextContents();
    expect(await text('#bell')).toBe('Elara wants to talk to you');
    expect(await text('#cookie-visible')).toBe('false');
    expect(await text('#profile')).toBe(`${employee.username} (${employee.employeeId}) flagged: true`);
    expect(await text('#saved')).toBe('Ada Lovelace, Engineer, Engineering');
    const mood = await items('#mood');
    expect(mood.length).toBeGreaterThan(0);
    for (const line of mood) expect(line).toMatch(/^\d{4}-\d{2}: vibe [1-5](\.\d+)?$/);
    const activity = await items('#activity');
    expect(activity.length).toBeGreaterThan(0);
    for (const line of activity) expect(line).toMatch(/^\d{4}-\d{2}: [\d.]+ h\/day$/);
    const rewards = await items('#rewards');
    expect(rewards.length).toBeGreaterThan(0);
    for (const line of rewards) expect(line).toMatch(/^\d{4}-\d{2}: \d+ points \(.+\)$/);
    expect((await items('#tips')).length).toBeGreaterThan(0);

    // The socket carried no token: the HttpOnly cookie /login/ set authenticated it.
    await expect.poll(() => text('#chat-status'), { timeout: 10_000 }).toBe('connected');
    // The pending check-in: the assistant speaks first when the chat opens.
    await expect.poll(() => page.locator('#answer').getAttribute('data-done'), { timeout: 10_000 }).toBe('true');
    expect((await text('#answer'))!.length).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => page.locator('#answer').getAttribute('data-done'), { timeout: 15_000 }).toBe('true');
    expect(await text('#answer')).toBe(ANSWER.join(''));
    const growth = (await page.locator('#answer').getAttribute('data-growth'))!.split(',').map(Number);
    // Chunk by chunk, each frame adding to what was shown.
    expect(growth.length).toBeGreaterThanOrEqual(ANSWER.length);
    expect(growth).toEqual([...growth].sort((a, b) => a - b));
    await page.screenshot({ path: path.join(artifacts, 'employee.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it("shows HR the flagged employees, the dashboard and the departments from the profiles", { timeout: 60_000 }, async () => {
    const page = await browser.newPage();
    await signIn(page, server.url, hrUsername);
    const items = (selector: string) => page.locator(`${selector} li`).allTextContents();
    expect(await items('#flagged')).toContain(`${employee.username} (${employee.employeeId})`);
    expect((await items('#dashboard')).find((line) => line.startsWith(`${employee.username}:`))).toMatch(/^\S+: \d+ points, flagged$/);
    expect(await items('#departments')).toEqual([expect.stringMatching(/^Engineering: [\d.]+ h$/)]);
    expect(await items('#performance')).toEqual([expect.stringMatching(/^Engineering: rating [\d.]+, \d+ points, 1 people$/)]);
    await page.screenshot({ path: path.join(artifacts, 'hr.png'), fullPage: true });
  });
});
