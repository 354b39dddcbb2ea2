import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { HR_KINDS, KINDS } from '../src/hrdata/kinds.js';
import { backendEnv } from './support/backend.js';
import { startChildServer, type ChildServer } from './support/child-server.js';
import { signUpHr, signUpLinked } from './support/identity.js';
import { MistralStandIn } from './support/mistral-stand-in.js';
import { watchRoom } from './support/room.js';
import { createClient, signUp, startServer, tempDir, waitFor, type TestClient, type TestServer } from './support/server.js';
import { SmtpCapture } from './support/smtp.js';

const DAY = 86_400_000;
const sample = path.resolve('datasets/sample');
const PUBLIC_URL = 'https://hr.example.com';
// Short waits between attempts, so that retries show within a test.
const FAST_MAIL = { MAIL_POLL_MS: '50', MAIL_RETRY_BASE_MS: '100', MAIL_RETRY_MAX_MS: '300', MAIL_LEASE_MS: '1500' };

async function uploadSample(hr: TestClient) {
  const form = new FormData();
  for (const kind of HR_KINDS) form.append(kind, await fs.openAsBlob(path.join(sample, KINDS[kind].fileName)), KINDS[kind].fileName);
  await hr.hrdata.upload.mutate(form);
}

/** Employee IDs nobody will check in with: not flagged, and a comfortable recent vibe. */
async function calmEmployees(server: TestServer): Promise<string[]> {
  const master = await server.app.services.database.db.selectFrom('hr_master').select(['employee_id', 'row', 'flagged']).orderBy('employee_id').execute();
  return master.filter((m) => !m.flagged && Number(JSON.parse(m.row).Recent_Vibe_Mean) > 3).map((m) => m.employee_id);
}

const outbox = (server: TestServer, kind: string) =>
  server.app.services.database.db.selectFrom('mail_outbox').selectAll().where('kind', '=', kind).orderBy('id').execute();

describe('mail from a running server', () => {
  let standIn: MistralStandIn;
  let smtp: SmtpCapture;
  let server: TestServer;
  let hr: TestClient;
  let flagged: Array<{ employeeId: string }>;

  beforeAll(async () => {
    standIn = await MistralStandIn.start(() => ({ chunks: ['Great ', 'to hear, ', 'have a lovely day!'] }));
    smtp = await SmtpCapture.start();
    server = await startServer({
      MISTRAL_API_KEY: 'k',
      MISTRAL_SERVER_URL: standIn.url,
      SMTP_URL: smtp.url,
      MAIL_FROM: 'HR assistant <hr@example.com>',
      HR_ALERT_EMAILS: 'oncall@example.com, HR-A@example.com',
      PUBLIC_URL,
      CHECKIN_SCHEDULE_ENABLED: 'false',
      CHECKIN_REMIND_AFTER_DAYS: '2',
      ...FAST_MAIL,
    });
    hr = (await signUpHr(server, { email: 'hr-a@example.com' })).client;
    await signUpHr(server, { email: 'hr-b@example.com' });
    await signUpHr(server); // an HR user without an address
    await uploadSample(hr);
    flagged = await hr.hrdata.flagged.query();
  });
  afterAll(async () => {
    await server.close();
    await smtp.close();
    await standIn.close();
  });

  it('e-mails every HR address at once about a crisis message: who, when, which signs, a link; never the words', async () => {
    const [employeeId] = await calmEmployees(server);
    const employee = await signUpLinked(server.url, hr, employeeId!, { username: 'erin', email: 'erin@example.com' });
    const room = watchRoom(employee.client, 'crisis');
    await room.waitFor('members');
    await employee.client.chat.send.mutate({ room: 'crisis', message: 'I want to kill myself' });
    await room.waitFor('done', (e) => e.source === 'escalation');

    const hrAddresses = ['hr-a@example.com', 'hr-b@example.com', 'oncall@example.com'];
    await waitFor(() => hrAddresses.every((a) => smtp.to(a).length > 0), 5000, 'a mail to each HR address');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const mails = smtp.messages.filter((m) => m.subject.startsWith('Urgent'));
    expect(mails.flatMap((m) => m.to).sort()).toEqual(hrAddresses); // each once; HR-A@ is hr-a@
    for (const mail of mails) {
      expect(mail.from).toBe('hr@example.com');
      expect(mail.subject).toBe(`Urgent: crisis signs from employee ${employeeId}`);
      expect(mail.text).toContain(`Employee: ${employeeId} (account erin)`);
      expect(mail.text).toContain('Signs: Possible risk of self-harm');
      expect(mail.text).toContain(`${PUBLIC_URL}/employees/${employeeId}`);
      expect(mail.text).toMatch(new RegExp(`When: .*${new Date().getUTCFullYear()}`));
      expect(mail.text).not.toMatch(/kill|myself/i);
    }
    expect(smtp.to('erin@example.com')).toEqual([]);
    room.stop();
    employee.client.close();
  });

  it('invites the selected employees on the daily run, reminds once, then sends HR one digest', async () => {
    const [first, second, third, fourth] = flagged.map((f) => f.employeeId);
    const answers = await signUpLinked(server.url, hr, first!, { username: 'alice', email: 'alice@example.com' });
    const silent = await signUpLinked(server.url, hr, second!, { username: 'bob', email: 'bob@example.com' });
    const optedOut = await signUpLinked(server.url, hr, third!, { username: 'carol', email: 'carol@example.com' });
    const noAddress = await signUpLinked(server.url, hr, fourth!, { username: 'dave' });
    expect(await optedOut.client.users.setNotifications.mutate({ invitations: false })).toEqual({ invitations: false });
    const schedule = server.app.services.dailyCheckins;
    const db = server.app.services.database.db;
    const t0 = Date.now();
    const invitations = () => smtp.messages.filter((m) => m.subject === 'How are things going?');

    expect(await schedule.run(t0)).toBe(true);
    const selected = await db.selectFrom('checkins').select(['user_id', 'reasons']).execute();
    expect(selected.map((c) => c.user_id).sort()).toEqual([answers, silent, optedOut, noAddress].map((a) => a.user.id).sort());
    await waitFor(() => invitations().length >= 2, 5000, 'the invitations');
    expect(await schedule.run(t0 + 60_000)).toBe(false); // once a day
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(invitations().flatMap((m) => m.to).sort()).toEqual(['alice@example.com', 'bob@example.com']);
    const words = selected.flatMap((c) => (JSON.parse(c.reasons) as Array<{ words: string }>).map((r) => r.words));
    for (const mail of invitations()) {
      expect(mail.text).toMatch(/^Hi (alice|bob),/);
      expect(mail.text).not.toMatch(/\d/); // no scores
      for (const w of words) expect(mail.text).not.toContain(w); // no HR data
    }

    // Alice answers her check-in; Bob does not.
    const room = watchRoom(answers.client, 'checkin');
    await room.waitFor('done', (e) => e.source === 'checkin');
    await answers.client.chat.send.mutate({ room: 'checkin', message: 'Thanks, things are a bit busy.' });
    await room.waitFor('done', (e) => e.source.startsWith('mistral'));
    room.stop();

    expect(await schedule.run(t0 + DAY)).toBe(true);
    expect(await outbox(server, 'checkin-reminder')).toEqual([]);
    expect(await schedule.run(t0 + 2 * DAY)).toBe(true);
    expect((await outbox(server, 'checkin-reminder')).map((m) => m.recipient)).toEqual(['bob@example.com']);
    const reminder = await waitFor(() => smtp.to('bob@example.com').find((m) => m.subject.startsWith('Still here')), 5000, 'the reminder');
    expect(reminder.text).not.toMatch(/\d/);

    expect(await schedule.run(t0 + 3 * DAY)).toBe(true);
    expect(await outbox(server, 'checkin-digest')).toEqual([]);
    expect(await schedule.run(t0 + 4 * DAY)).toBe(true);
    const hrAddresses = ['hr-a@example.com', 'hr-b@example.com', 'oncall@example.com'];
    await waitFor(() => hrAddresses.every((a) => smtp.to(a).some((m) => m.subject.startsWith('Check-ins'))), 5000, 'the digest');
    const digests = smtp.messages.filter((m) => m.subject.startsWith('Check-ins'));
    expect(digests.flatMap((m) => m.to).sort()).toEqual(hrAddresses);
    expect(digests[0]!.subject).toBe('Check-ins: 1 employee has not responded');
    expect(digests[0]!.text).toContain(`${second} (account bob)`);
    expect(digests[0]!.text).toContain(`${PUBLIC_URL}/employees/${second}`);
    for (const other of [first, third, fourth]) expect(digests[0]!.text).not.toContain(`${other} `);

    // Nothing is sent twice on later days.
    expect(await schedule.run(t0 + 10 * DAY)).toBe(true);
    expect(await outbox(server, 'checkin-reminder')).toHaveLength(1);
    expect(await outbox(server, 'checkin-digest')).toHaveLength(3);
    expect(smtp.to('bob@example.com')).toHaveLength(2);
    for (const account of [answers, silent, optedOut, noAddress]) account.client.close();
  });

  it('users.setNotifications: only invitations, only your own, with clear errors', async () => {
    const anonymous = createClient(server.url);
    expect((await anonymous.users.setNotifications.mutate({ invitations: false }).catch((e) => e)).data.code).toBe('UNAUTHORIZED');
    anonymous.close();
    const account = await signUp(server.url);
    const wrongType = await account.client.users.setNotifications.mutate({ invitations: 'no' as never }).catch((e) => e);
    expect(wrongType.data.code).toBe('BAD_REQUEST');
    expect(wrongType.message).toMatch(/^invitations:/);
    const escalations = await account.client.users.setNotifications.mutate({ invitations: true, escalations: false } as never).catch((e) => e);
    expect(escalations.data.code).toBe('BAD_REQUEST');
    expect(escalations.message).toMatch(/only invitations can be turned off/);
    expect(await account.client.users.setNotifications.mutate({ invitations: true })).toEqual({ invitations: true });
    account.client.close();
  });
});

describe('an unreachable SMTP server', () => {
  it('is retried with backoff until it is back, then the mail is sent once', async () => {
    const port = await freePort();
    const server = await startServer({ SMTP_URL: `smtp://127.0.0.1:${port}`, HR_ALERT_EMAILS: 'oncall@example.com', CHECKIN_SCHEDULE_ENABLED: 'false', ...FAST_MAIL });
    let smtp: SmtpCapture | undefined;
    try {
      const employee = await signUp(server.url);
      const room = watchRoom(employee.client, 'help');
      await room.waitFor('members');
      await employee.client.chat.send.mutate({ room: 'help', message: 'My manager keeps threatening me and grabbed my arm' });
      // The chat is not held up by the mail.
      await room.waitFor('done', (e) => e.source === 'escalation');
      const failing = async () => (await outbox(server, 'escalation'))[0];
      for (let i = 0; i < 100; i++) {
        const row = await failing();
        if (row && row.attempts >= 3) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const row = await failing();
      expect(row).toMatchObject({ recipient: 'oncall@example.com', sent_at: null });
      expect(['pending', 'sending']).toContain(row!.status); // waiting for, or in, its next attempt
      expect(row!.attempts).toBeGreaterThanOrEqual(3);
      expect(row!.last_error).toMatch(/ECONNREFUSED|connect/i);

      smtp = await SmtpCapture.start(port);
      await waitFor(() => smtp!.to('oncall@example.com').length > 0, 5000, 'the mail once the server is back');
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(smtp.messages).toHaveLength(1);
      expect(smtp.messages[0]!.subject).toBe(`Urgent: crisis signs from account ${employee.user.username}`);
      expect(smtp.messages[0]!.text).toContain('Signs: Harassment or mistreatment');
      expect(smtp.messages[0]!.text).toContain(`account ${employee.user.username} (not linked to an employee ID)`);
      expect(smtp.messages[0]!.text).not.toMatch(/threatening|grabbed/);
      expect(await failing()).toMatchObject({ status: 'sent' });
      room.stop();
      employee.client.close();
    } finally {
      await server.close();
      await smtp?.close();
    }
  });
});

describe('the daily schedule', () => {
  it('fires at CHECKIN_DAILY_AT in the configured time zone', async () => {
    const server = await startServer({ CHECKIN_DAILY_AT: '10:00', TZ: 'America/New_York' });
    try {
      const next = server.app.services.dailyCheckins.nextRun()!;
      expect(next.getTime()).toBeGreaterThan(Date.now());
      expect(next.getTime() - Date.now()).toBeLessThanOrEqual(DAY);
      expect(new Intl.DateTimeFormat('en-GB', { timeZone: 'America/New_York', hour: '2-digit', minute: '2-digit' }).format(next)).toBe('10:00');
    } finally {
      await server.close();
    }
  });
});

describe('invitations survive a crash', () => {
  const children: ChildServer[] = [];
  let smtp: SmtpCapture | undefined;
  afterAll(async () => {
    await Promise.all(children.map((c) => c.kill().catch(() => {})));
    await smtp?.close();
  });

  it('kill -9 between selection and sending: after a restart each invitation is sent once, the selection is not repeated', async () => {
    smtp = await SmtpCapture.start();
    const dataDir = tempDir();
    const env = {
      DATA_DIR: dataDir,
      SUMMARIES_DIR: path.join(dataDir, 'summaries'),
      SMTP_URL: smtp.url,
      CHECKIN_DAILY_AT: '00:00', // passed already today: the run happens at start-up
      TZ: 'UTC',
      CHECKIN_SCHEDULE_ENABLED: 'true',
      ...FAST_MAIL,
    };
    // The accounts, set up beforehand by a server that does not run the schedule.
    const setup = await startServer({ ...env, CHECKIN_SCHEDULE_ENABLED: 'false' }, dataDir);
    const hr = (await signUpHr(setup)).client;
    await uploadSample(hr);
    const flagged = (await hr.hrdata.flagged.query()).slice(0, 6);
    const accounts = [];
    for (const [i, f] of flagged.entries()) accounts.push(await signUpLinked(setup.url, hr, f.employeeId, { email: `employee${i}@example.com` }));
    await accounts[2]!.client.users.setNotifications.mutate({ invitations: false });
    for (const account of accounts) account.client.close();
    hr.close();
    await setup.close();

    const childEnv: Record<string, string> = { ...(await backendEnv(dataDir)), ...env };
    const database = openDatabase(childEnv.DATABASE_URL ?? path.join(dataDir, 'hr-assistant.sqlite'));
    try {
      // The first instance selects and queues five invitations; the SMTP server accepts one, then stalls.
      smtp.holdAfter = 1;
      const first = await startChildServer(childEnv);
      children.push(first);
      await waitFor(() => smtp!.messages.length === 1 && smtp!.held > 0, 15_000, 'one invitation accepted and the next one mid-send');
      await waitForRows(() => database.db.selectFrom('mail_outbox').select('id').where('status', '=', 'sent').execute(), 1);
      await first.kill();

      smtp.holdAfter = Infinity;
      const second = await startChildServer(childEnv);
      children.push(second);
      const expected = accounts.filter((_, i) => i !== 2).map((a) => a.user.email!);
      await waitFor(() => expected.every((address) => smtp!.to(address).length > 0), 15_000, 'every invitation');
      await new Promise((resolve) => setTimeout(resolve, 2000)); // past the dead instance's leases
      await second.stop();

      expect(smtp.messages.flatMap((m) => m.to).sort()).toEqual(expected.sort());
      const checkins = await database.db.selectFrom('checkins').select('user_id').execute();
      expect(checkins.map((c) => c.user_id).sort()).toEqual(accounts.map((a) => a.user.id).sort()); // the opted-out one was selected, not mailed
      expect(await database.db.selectFrom('scheduled_runs').select(['job']).execute()).toHaveLength(1);
      expect(await database.db.selectFrom('mail_outbox').select('status').where('status', '!=', 'sent').execute()).toEqual([]);
    } finally {
      await database.close();
    }
  }, 120_000);
});

describe('configuration errors', () => {
  it.each([
    ['SMTP_URL', 'http://mail.example.com'],
    ['SMTP_URL', 'not a url'],
    ['CHECKIN_DAILY_AT', '25:00'],
    ['CHECKIN_DAILY_AT', '10am'],
    ['HR_ALERT_EMAILS', 'hr@example.com, nobody'],
    ['TZ', 'Mars/Olympus_Mons'],
  ])('%s=%s is refused, naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^Invalid configuration: ${name}(\\.\\d+)?: `));
  });

  it('stops start-up with a message naming the variable', async () => {
    const failure = await startChildServer({ SMTP_URL: 'http://mail.example.com', DATA_DIR: tempDir() }).then(
      async (child) => {
        await child.kill();
        return null;
      },
      (error: Error) => error,
    );
    expect(failure?.message).toMatch(/exited with 1: Invalid configuration: SMTP_URL: must start with smtp:\/\/ or smtps:\/\//);
  }, 60_000);
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function waitForRows(query: () => Promise<unknown[]>, count: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if ((await query()).length >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${count} rows`);
}
