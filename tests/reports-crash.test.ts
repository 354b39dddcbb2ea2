import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/database.js';
import { childServerEnv, startChildServer, type ChildServer } from './support/child-server.js';
import { MistralStandIn } from './support/mistral-stand-in.js';
import { chatAndReports, readReport, reportFiles, validReportBody } from './support/reports.js';
import { watchRoom } from './support/room.js';
import { signUp, tempDir, waitFor } from './support/server.js';

const servers: ChildServer[] = [];
let standIn: MistralStandIn | undefined;
afterAll(async () => {
  await Promise.all(servers.map((s) => s.kill().catch(() => {})));
  await standIn?.close();
});

describe('report jobs survive a crash', () => {
  it('kill -9 while the model is answering: after a restart the report is produced exactly once', async () => {
    // The model takes its time with the report, so the server dies mid-job.
    standIn = await MistralStandIn.start(chatAndReports({ content: validReportBody, delayMs: 60_000 }));
    const dataDir = tempDir();
    const summaries = path.join(dataDir, 'summaries');
    // On PostgreSQL (several instances) a dead worker's job waits for its lease to run out.
    const env = await childServerEnv(dataDir, standIn.url, { REPORT_LEASE_MS: '2000' });
    const first = await startChildServer(env);
    servers.push(first);

    const employee = await signUp(first.url);
    const room = watchRoom(employee.client, 'crash');
    await room.waitFor('members');
    const { answerId } = await employee.client.chat.send.mutate({ room: 'crash', message: 'I cannot cope with this workload' });
    await room.waitFor('done', (e) => e.answerId === answerId);
    await employee.client.chat.end.mutate({ room: 'crash' });
    await waitFor(() => standIn!.requests.find((r) => !r.stream), 10_000, 'the report request to reach the model');
    room.stop();
    employee.client.close();

    await first.kill();
    expect(reportFiles(summaries)).toEqual([]);

    standIn.script = chatAndReports({ content: validReportBody });
    const second = await startChildServer(env);
    servers.push(second);
    const files = await waitFor(() => reportFiles(summaries).length > 0 && reportFiles(summaries), 15_000, 'the report file');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await second.stop();

    expect(reportFiles(summaries)).toEqual(files);
    expect(files).toHaveLength(1);
    expect(readReport(summaries, files[0]!)).toMatchObject({ employee_id: `user-${employee.user.id}`, source: 'mistral' });
    const database = openDatabase(env.DATABASE_URL ?? path.join(dataDir, 'hr-assistant.sqlite'));
    expect(await database.db.selectFrom('reports').select('id').execute()).toHaveLength(1);
    expect(await database.db.selectFrom('report_jobs').select(['status', 'attempts']).execute()).toEqual([{ status: 'done', attempts: 2 }]);
    await database.close();
  });
});
