import { linkSignals, withCallerSignal } from '../assistant/caller-signal.js';
import type { RetryConfig } from '@mistralai/mistralai/lib/retries.js';
import type { MistralClient } from '../assistant/mistral-client.js';
import type { Logger } from '../logger.js';
import type { StoredMessage } from '../messages/message.js';
import { buildFallbackReport } from './fallback-report.js';
import { reportBodySchema, type ReportBody, type ReportHrSignals } from './report-schema.js';

export interface GeneratedReport {
  body: ReportBody;
  source: 'mistral' | 'fallback';
}

const INSTRUCTIONS = `You write confidential HR reports from an employee's conversation with the HR assistant.
Answer with one JSON object and nothing else, with exactly these keys:
{"employee_summary": string, "key_insights": string[], "risk_assessment": {"level": "low"|"medium"|"high"|"critical", "score": number between 0 and 1, "concerns": string[], "indicators": string[]}, "recommended_actions": string[], "escalate_to_hr": boolean}
Score bands: 0.1-0.3 low, 0.3-0.6 medium, above 0.6 high; critical for any risk to safety. Set escalate_to_hr for high or critical risk.`;

export interface ReportGeneratorOptions {
  model: string;
  retries: RetryConfig;
  timeoutMs: number;
}

/** Asks Mistral for a JSON report; any failure (network, bad JSON, wrong shape) gives the fallback. */
export class ReportGenerator {
  constructor(
    private readonly client: MistralClient | null,
    private readonly options: ReportGeneratorOptions,
    private readonly logger: Logger,
  ) {}

  /** `signal` aborts on shutdown: then nothing is written, and the job runs again later. */
  async generate(conversation: StoredMessage[], signals: ReportHrSignals | null, signal: AbortSignal): Promise<GeneratedReport> {
    const employeeTexts = conversation.filter((m) => m.direction === 'sent').map((m) => m.text);
    if (this.client) {
      try {
        return { body: await this.askModel(conversation, signals, signal), source: 'mistral' };
      } catch (error) {
        if (signal.aborted) throw error;
        this.logger.warn({ err: error }, 'report model failed; writing the fallback report');
      }
    }
    return { body: buildFallbackReport(employeeTexts, signals), source: 'fallback' };
  }

  private async askModel(conversation: StoredMessage[], signals: ReportHrSignals | null, signal: AbortSignal): Promise<ReportBody> {
    const transcript = conversation.map((m) => `${m.direction === 'sent' ? 'Employee' : 'Assistant'}: ${m.text}`).join('\n');
    const context = signals ? `\n\nHR data signals (anomaly score ${signals.anomaly_score}): ${JSON.stringify(signals.problems)}` : '';
    const client = await this.client!();
    const { signal: callSignal, dispose } = linkSignals(signal, AbortSignal.timeout(this.options.timeoutMs));
    const response = await withCallerSignal(callSignal, (options) => client.chat.complete(
      {
        model: this.options.model,
        responseFormat: { type: 'json_object' },
        messages: [
          { role: 'system', content: INSTRUCTIONS },
          { role: 'user', content: `Conversation:\n${transcript}${context}` },
        ],
      },
      { ...options, retries: this.options.retries },
    )).finally(dispose);
    const content = response.choices?.[0]?.message?.content;
    if (typeof content !== 'string') throw new Error('the model returned no text');
    return reportBodySchema.parse(JSON.parse(content));
  }
}
