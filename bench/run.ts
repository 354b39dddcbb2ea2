// npm run bench [-- <name> [--flag value …]]: runs one benchmark, or all of them.
import { parseArgs } from 'node:util';
import { runChatBench } from './chat.js';
import { runChatScaleBench } from './chat-scale.js';
import { runReportsBench } from './reports.js';
import { runSoakBench } from './soak.js';
import { runHrDataBench } from './hrdata.js';
import { runStartupBench } from './startup.js';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    clients: { type: 'string', default: '50,200' },
    seconds: { type: 'string', default: '10' },
    modes: { type: 'string', default: 'relay,sdk-relay,trpc,trpc-client,legacy' },
    sessions: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '16' },
    connections: { type: 'string', default: '10000' },
    minutes: { type: 'string', default: '10' },
    qps: { type: 'string', default: '20' },
    data: { type: 'string' },
    'upload-mbps': { type: 'string' },
    'room-size': { type: 'string', default: '0' },
    'pause-ms': { type: 'string', default: '0' },
    repeat: { type: 'string', default: '1' },
    runs: { type: 'string', default: '5' },
    before: { type: 'string' },
  },
});

const benches: Record<string, () => Promise<void>> = {
  chat: () =>
    runChatBench({
      clients: values.clients.split(',').map(Number),
      seconds: Number(values.seconds),
      modes: values.modes.split(','),
      roomSizes: values['room-size'].split(',').map(Number),
      pauseMs: Number(values['pause-ms']),
      repeat: Number(values.repeat),
    }),
  'chat-scale': () =>
    runChatScaleBench({ clients: Number(values.clients.split(',').at(-1)), seconds: Number(values.seconds) }),
  soak: () => runSoakBench({ connections: Number(values.connections), minutes: Number(values.minutes), qps: Number(values.qps) }),
  hrdata: () => runHrDataBench({ data: values.data, uploadMbps: values['upload-mbps'] === undefined ? undefined : Number(values['upload-mbps']) }),
  reports: () => runReportsBench({ sessions: Number(values.sessions), concurrency: Number(values.concurrency) }),
  startup: () => runStartupBench({ runs: Number(values.runs), before: values.before }),
};

const names = positionals.length > 0 ? positionals : Object.keys(benches);
for (const name of names) {
  const bench = benches[name];
  if (!bench) {
    console.error(`Unknown benchmark "${name}". Available: ${Object.keys(benches).join(', ')}`);
    process.exit(2);
  }
  console.log(`\n== bench ${name}`);
  await bench();
}
