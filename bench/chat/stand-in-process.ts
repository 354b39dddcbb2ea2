// The Mistral stand-in in its own process, so it does not share the server's event loop.
// Streams chat answers; answers JSON-mode (report) requests with a valid report.
import { MistralStandIn } from '../../tests/support/mistral-stand-in.js';
import { validReportBody } from '../../tests/support/reports.js';

const chunks = Number(process.env.STAND_IN_CHUNKS ?? 20);
const delayMs = Number(process.env.STAND_IN_DELAY_MS ?? 0);
const jsonDelayMs = Number(process.env.STAND_IN_JSON_DELAY_MS ?? 0);
const standIn = await MistralStandIn.start((request) =>
  request.stream ? { chunks, delayMs } : { content: validReportBody, delayMs: jsonDelayMs },
);
// Keep no per-request history in a long benchmark.
standIn.requests.push = () => 0;
console.log(`READY ${JSON.stringify({ url: standIn.url })}`);
process.on('SIGTERM', () => void standIn.close().then(() => process.exit(0)));
