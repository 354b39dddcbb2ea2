import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { OfflineResponder } from '../src/assistant/offline-responder.js';
import type { HrAlert } from '../src/reports/alerts.js';
import { buildFallbackReport } from '../src/reports/fallback-report.js';
import { normalise } from '../src/safety/normalise.js';
import { CrisisModel } from '../src/safety/crisis-model.js';
import { findCrisisSigns, findRiskSigns, prepare } from '../src/safety/signs.js';
import { signUpHr } from './support/identity.js';
import { LegacySocket } from './support/legacy.js';
import { MistralStandIn, type ModerationScript } from './support/mistral-stand-in.js';
import { watchRoom } from './support/room.js';
import { signUp, startServer, waitFor, type TestClient, type TestServer } from './support/server.js';

const labelled = z.array(
  z.object({
    text: z.string().min(1),
    label: z.enum(['crisis', 'not']),
    category: z.enum(['self_harm', 'harassment', 'burnout', 'idiom', 'everyday']),
  }),
);
const readLabelled = (file: string) => labelled.parse(JSON.parse(fs.readFileSync(`tests/fixtures/safety/${file}`, 'utf8')));
const corpus = readLabelled('corpus.json');
/** Phrasings tried by hand and written blind against the rules (typos, slang, disguised letters, other languages, near misses). */
const triedByHand = readLabelled('adversarial.json');
/** Ordinary messages to an HR assistant, figures of speech among them: none is a crisis. */
const everyday = readLabelled('everyday.json');
/** Written blind, rounds of them, to train the model on phrasings nobody wrote rules for. */
const blindRounds = readLabelled('blind-rounds.json');
/** Written blind and never trained on: how the rules and the model do on phrasings neither has seen. */
const heldOut = readLabelled('held-out.json');
/** A second blind set, written after the first held-out set had shaped the rules: never trained on, never read for rules. */
const heldOutFresh = readLabelled('held-out-2.json');
const crisis = corpus.filter((entry) => entry.label === 'crisis');
const calm = corpus.filter((entry) => entry.label === 'not');
const escalates = (text: string) => findCrisisSigns(text).length > 0;

const HELP = 'call the Employee Assistance line on 0800 123 456';
const CHEERFUL = 'Great to hear, have a lovely day!';

/** The question a chat-completion request asked (its last user turn). */
const askedAbout = (standIn: MistralStandIn) =>
  standIn.requests.filter((r) => r.stream).map((r) => r.body.messages.filter((m) => m.role === 'user').at(-1)?.content);

/** Collects HR's escalation alerts; resolves once the subscription is known to be live. */
async function watchAlerts(server: TestServer, hr: TestClient) {
  const alerts: Array<Extract<HrAlert, { type: 'escalation' }>> = [];
  const subscription = hr.hr.alerts.subscribe(undefined, {
    onData: (event) => event.data.type === 'escalation' && alerts.push(event.data),
    onError: () => {},
  });
  // A probe escalation, repeated until one arrives: from then on no alert is missed.
  const probe = await signUp(server.url);
  const room = watchRoom(probe.client, 'probe');
  await room.waitFor('members');
  for (let attempt = 0; !alerts.some((a) => a.userId === probe.user.id); attempt++) {
    if (attempt === 20) throw new Error('hr.alerts never delivered the probe escalation');
    const { answerId } = await probe.client.chat.send.mutate({ room: 'probe', message: 'I want to kill myself' });
    await room.waitFor('done', (e) => e.answerId === answerId);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  room.stop();
  probe.client.close();
  return { alerts, stop: () => subscription.unsubscribe() };
}

describe('the safety vocabulary', () => {
  it('has a labelled corpus of at least 80 messages, crisis and not', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(80);
    expect(new Set(corpus.map((entry) => entry.text)).size).toBe(corpus.length);
    expect(crisis.length).toBeGreaterThan(40);
    expect(calm.filter((entry) => entry.category === 'idiom').length).toBeGreaterThan(20);
  });

  it('finds every crisis message, in its category', () => {
    const missed = crisis.filter((entry) => !findCrisisSigns(entry.text).some((sign) => sign.category === entry.category));
    expect(missed.map((entry) => entry.text)).toEqual([]);
  });

  it('lets at most 2 idioms and no everyday message escalate', () => {
    expect(calm.filter((entry) => entry.category === 'idiom' && escalates(entry.text)).length).toBeLessThanOrEqual(2);
    expect(calm.filter((entry) => entry.category === 'everyday' && escalates(entry.text)).map((entry) => entry.text)).toEqual([]);
  });

  it('finds the crisis in every hand-tried phrasing and lets none of their everyday words escalate', () => {
    expect(triedByHand.length).toBeGreaterThan(900);
    const corpusTexts = new Set(corpus.map((entry) => entry.text));
    expect(triedByHand.filter((entry) => corpusTexts.has(entry.text))).toEqual([]);
    const missed = triedByHand.filter((entry) => entry.label === 'crisis' && !findCrisisSigns(entry.text).some((sign) => sign.category === entry.category));
    expect(missed.map((entry) => entry.text)).toEqual([]);
    expect(triedByHand.filter((entry) => entry.label === 'not' && escalates(entry.text)).map((entry) => entry.text)).toEqual([]);
  });

  it('lets no everyday message escalate', () => {
    expect(everyday.length).toBeGreaterThanOrEqual(200);
    expect(everyday.filter((entry) => escalates(entry.text)).map((entry) => entry.text)).toEqual([]);
  });

  it('finds every crisis of the blind rounds it was trained on, with few false alarms', () => {
    expect(blindRounds.length).toBeGreaterThanOrEqual(690);
    const missed = blindRounds.filter((entry) => entry.label === 'crisis' && !findCrisisSigns(entry.text).some((sign) => sign.category === entry.category));
    expect(missed.map((entry) => entry.text)).toEqual([]);
    const calmRounds = blindRounds.filter((entry) => entry.label === 'not');
    // Measured: 8 of 346 (2.3%), each a word that names the subject in a message the model doubts.
    expect(calmRounds.filter((entry) => escalates(entry.text)).length / calmRounds.length).toBeLessThanOrEqual(0.03);
  });

  /** How a blind set fares: its size, then the shares escalated, escalated in their category, and calm yet escalated. */
  function measure(set: typeof heldOut) {
    const crises = set.filter((entry) => entry.label === 'crisis');
    const calmOnes = set.filter((entry) => entry.label === 'not');
    const share = (entries: typeof set, test: (entry: (typeof set)[number]) => boolean) => entries.filter(test).length / entries.length;
    return {
      crises: crises.length,
      calm: calmOnes.length,
      escalated: share(crises, (entry) => escalates(entry.text)),
      inCategory: share(crises, (entry) => findCrisisSigns(entry.text).some((sign) => sign.category === entry.category)),
      falseAlarms: share(calmOnes, (entry) => escalates(entry.text)),
    };
  }

  it('finds most crisis messages it never saw, with few false alarms (rules and model together)', () => {
    const seen = new Set([...corpus, ...triedByHand, ...blindRounds, ...everyday].map((entry) => entry.text));
    for (const set of [heldOut, heldOutFresh]) expect(set.filter((entry) => seen.has(entry.text))).toEqual([]);
    const measured = measure(heldOut);
    expect(measured.crises).toBeGreaterThanOrEqual(100);
    expect(measured.calm).toBeGreaterThanOrEqual(300);
    // Measured when the model was last trained (README, Safety): 89% escalated, 87% in their
    // category, 4.0% false alarms. The rules were partly written after reading this set's misses;
    // the fresh set below never was. The bounds keep a small margin.
    expect(measured.escalated).toBeGreaterThanOrEqual(0.86);
    expect(measured.inCategory).toBeGreaterThanOrEqual(0.84);
    expect(measured.falseAlarms).toBeLessThanOrEqual(0.045);
  });

  it('finds most crisis messages of a set nobody read to write rules or train (rules and model together)', () => {
    const measured = measure(heldOutFresh);
    expect(measured.crises).toBeGreaterThanOrEqual(140);
    expect(measured.calm).toBeGreaterThanOrEqual(150);
    // Measured: 78.6% escalated, 77.2% in their category, 4.5% false alarms (before the blind
    // rounds were trained on: 64.8%, 61.4%, 5.2%).
    expect(measured.escalated).toBeGreaterThanOrEqual(0.75);
    expect(measured.inCategory).toBeGreaterThanOrEqual(0.74);
    expect(measured.falseAlarms).toBeLessThanOrEqual(0.055);
  });

  it('raises a word that only names the subject unless the model reads the message as calm beyond doubt', () => {
    // Topics, other people, policies: the word alone is not the employee's crisis.
    expect(escalates('Our book club is reading a memoir by a suicide survivor next month, can I book the meeting room?')).toBe(false);
    expect(escalates('I have been asked to update the anti-harassment training slides for new starters, where are the old ones?')).toBe(false);
    // The same words, the employee's own: a short message is the rules' alone; a policy question can hide a crisis.
    expect(escalates('thinking about suicide')).toBe(true);
    expect(escalates('How do I report bullying? My team lead has been screaming at me every day for months')).toBe(true);
    expect(escalates('Is there a helpline for people having suicidal thoughts? Asking for myself, honestly')).toBe(true);
    expect(escalates('Can HR keep it confidential if I report sexual harassment by a director?')).toBe(true);
  });

  it('reads the crisis model as scikit-learn trained it', () => {
    const model = CrisisModel.load();
    expect(model.checks.length).toBeGreaterThan(5);
    for (const { words, probabilities } of model.checks) {
      model.probabilities(words).forEach((p, i) => expect(p).toBeCloseTo(probabilities[i]!, 5));
    }
    // The model reads text as the rules do, and its verdict names a category of the vocabulary.
    expect(model.judge(prepare('I have picked a date and written my will, I will not be coming back'))).toMatchObject({ category: 'self_harm' });
    expect(model.judge(prepare('How many days of annual leave do I have left?'))).toBeNull();
    // A message of a few words is the rules' alone: each word would weigh too much.
    for (const short of ['tell me everything', 'call me back', 'let me know']) expect(model.judge(prepare(short)), short).toBeNull();
    expect(model.judge(prepare('I have been giving my things away and saying my goodbyes'))).toMatchObject({ category: 'self_harm' });
  });

  it('knows which language a crisis phrase was said in; a verdict of the model alone has none', () => {
    const languageOf = (text: string) => findCrisisSigns(text).map((sign) => sign.language);
    expect(languageOf('je veux mourir')).toEqual(['fr']);
    expect(languageOf('ich will nicht mehr leben')).toEqual(['de']);
    expect(languageOf('sufro acoso laboral')).toEqual(['es']);
    expect(languageOf('I want to die. Je veux mourir.')).toEqual(['en']);
    expect(languageOf("I've arranged cover for my classes indefinitely and written my will. I won't be coming back.")).toEqual([undefined]);
  });

  it('reads letters written as digits, symbols, stars or one at a time, and leaves real words with digits alone', () => {
    expect(normalise('i wanna d1e! k!ll myself, su1c1d3')).toBe('i want to die . kill myself . suicide');
    expect(normalise('I want to k*ll myself, s**cide, f*ck this')).toBe('i want to kill myself . suicide . f ck this');
    expect(normalise('I want to k i l l myself, i k-i-l-l, d.i.e')).toBe('i want to kill myself . i kill . die');
    expect(normalise('k8s, s3, mp3, covid19, every1, 2fa, a b c, help!')).toBe('k8s . s3 . mp3 . covid19 . everyone . 2fa . a b c . help .');
  });

  it('normalises before matching: NFKC, curly quotes, dashes, case, accents, spacing, contractions, shorthand, typos', () => {
    for (const form of ["don't", 'dont', 'don’t', 'DON‘T', 'do not', 'Do  Not', 'don`t']) {
      expect(normalise(`I ${form} want to live`)).toBe('i do not want to live');
    }
    expect(normalise('I can’t…  I cannot; I cant')).toBe('i can not . i can not . i can not');
    expect(normalise('ｉ　ｗａｎｎａ ｄｉｅ')).toBe('i want to die'); // full-width letters and space
    expect(normalise('self‐harm, self–harm, self—harm, burn‑out')).toBe('self harm . self harm . self harm . burn out');
    expect(normalise('ki\u200Bll\u00ADing my\u200Dself')).toBe('killing myself');
    expect(normalise('“I’m   done”\n\twith\u00A0it')).toBe('i am done with it');
    expect(normalise('killl myslef, u r better off, noone cares')).toBe('kill myself . you are better off . no one cares');
    expect(normalise('Lebensmüde, harcèlement, não, Straße')).toBe('lebensmude . harcelement . nao . strasse');
    // Words that name an object's own properties are words like any other.
    expect(normalise('The constructor calls toString, valueOf and __proto__')).toBe('the constructor calls tostring . valueof and proto');
    expect(findCrisisSigns('I DON’T WANT TO LIVE ANY MORE!!!')[0]).toMatchObject({ category: 'self_harm', concern: 'Possible risk of self-harm' });
  });

  it('gives the reports one risk vocabulary: a curly-apostrophe crisis is critical, everyday words stay low or medium', () => {
    expect(buildFallbackReport(['I don’t want to live anymore'], null).risk_assessment).toMatchObject({ level: 'critical', concerns: ['Possible risk of self-harm'] });
    expect(buildFallbackReport(['A colleague grabbed my butt at the party'], null).risk_assessment.concerns).toEqual(['Harassment or mistreatment']);
    // One message showing three concerns is quoted once among the indicators.
    expect(buildFallbackReport(['I am exhausted and worried about deadlines'], null).risk_assessment.indicators).toEqual(['Said: "I am exhausted and worried about deadlines"']);
    expect(buildFallbackReport(['I am exhausted and worried about deadlines'], null).risk_assessment.concerns).toEqual([
      'Burnout',
      'Stress and anxiety',
      'Workload and long hours',
    ]);
    expect(buildFallbackReport(['The deadline is killing me, I’d kill for a day off'], null).risk_assessment.level).not.toMatch(/high|critical/);
    // Evidence is the employee's own words, the first message that shows the sign.
    expect(findRiskSigns(['all good', 'My manager ignored my work again', 'I feel so alone'])).toEqual([
      { category: 'manager_conflict', concern: 'Conflict with manager', weight: 0.3, evidence: 'My manager ignored my work again' },
      { category: 'recognition', concern: 'Lack of recognition', weight: 0.25, evidence: 'My manager ignored my work again' },
      { category: 'isolation', concern: 'Isolation', weight: 0.25, evidence: 'I feel so alone' },
    ]);
  });

  it('gives the offline responder its crisis and risk detection', () => {
    const offline = new OfflineResponder();
    const say = (content: string) => offline.compose({ turns: [{ role: 'user', content }], hrSignals: null, followUps: [] });
    expect(say('I don’t want to live anymore')).toContain("You don't have to go through this alone");
    expect(say('i am being harrassed by my lead')).toContain('Nobody should feel unsafe or mistreated');
    expect(say('the deadline is killing me')).toContain('heavy workload');
    expect(say('Things are good, thanks!')).toContain("I'm glad to hear that.");
  });
});

/** A server whose model answers every question cheerfully, whatever it is told, and HR watching its alerts. */
function withCheerfulServer(env: Record<string, string> = {}, moderationScript?: ModerationScript) {
  const ctx = {} as { standIn: MistralStandIn; server: TestServer; hr: TestClient; watch: Awaited<ReturnType<typeof watchAlerts>> };
  beforeAll(async () => {
    ctx.standIn = await MistralStandIn.start(() => ({ chunks: ['Great to hear, ', 'have a lovely day!'] }));
    if (moderationScript) ctx.standIn.moderationScript = moderationScript;
    ctx.server = await startServer({ MISTRAL_API_KEY: 'k', MISTRAL_SERVER_URL: ctx.standIn.url, CRISIS_HELP_CONTACTS: HELP, ...env });
    ctx.hr = (await signUpHr(ctx.server)).client;
    ctx.watch = await watchAlerts(ctx.server, ctx.hr);
  });
  afterAll(async () => {
    ctx.watch.stop();
    ctx.hr.close();
    await ctx.server.close();
    await ctx.standIn.close();
  });
  return ctx;
}

describe('escalation through both transports', () => {
  const ctx = withCheerfulServer();

  /** Each user asks their share of the corpus in turn, several users at once. */
  const shares = (users: number) => Array.from({ length: users }, (_, u) => corpus.filter((_, i) => i % users === u));

  async function overTrpc(messages: typeof corpus) {
    const employee = await signUp(ctx.server.url);
    const room = watchRoom(employee.client, 'safety');
    await room.waitFor('members');
    const answers: Array<{ userId: number; text: string; answer: string; source: string }> = [];
    for (const { text } of messages) {
      const { answerId } = await employee.client.chat.send.mutate({ room: 'safety', message: text });
      const done = await room.waitFor('done', (e) => e.answerId === answerId, 10_000);
      answers.push({ userId: employee.user.id, text, answer: done.text, source: done.source });
    }
    room.stop();
    employee.client.close();
    return answers;
  }

  async function overLegacy(messages: typeof corpus) {
    const employee = await signUp(ctx.server.url);
    const socket = await LegacySocket.open(ctx.server.wsUrl, 'safety_legacy', employee.token);
    socket.send({ type: 'connection', username: employee.user.username });
    await socket.next('connection_confirmed');
    const answers: Array<{ userId: number; text: string; answer: string; source: string }> = [];
    for (const { text } of messages) {
      const { response } = await socket.ask(text, employee.user.username);
      answers.push({ userId: employee.user.id, text, answer: response.message, source: 'legacy' });
    }
    socket.close();
    return answers;
  }

  it('answers a crisis in the language it was said in, over both transports, with the help contacts as configured', async () => {
    const said = [
      { text: "Franchement j'ai envie d'en finir, je n'en peux plus", answer: "Merci de me l'avoir confié" },
      { text: 'Mein Teamleiter hat mich im Lager begrapscht', answer: 'Es tut mir leid, dass Ihnen das passiert' },
      { text: 'estoy completamente quemada, no puedo más', answer: 'Es demasiado para cargarlo' },
      { text: 'voglio morire, non ce la faccio più', answer: 'Grazie di avermelo detto' },
      { text: 'Tenho pensado em acabar com a minha vida todos os dias.', answer: 'Obrigado por me contar' },
      { text: 'Ik heb pillen gespaard en ga ze dit weekend allemaal innemen', answer: 'Dank je dat je me dit vertelt' },
      // English when it is said in English too, and when only the model reads it
      { text: 'I want to die. Je veux mourir.', answer: "I'm really sorry you're feeling this way" },
      { text: "I've arranged cover for my classes indefinitely and written my will. I won't be coming back.", answer: "I'm really sorry you're feeling this way" },
    ];
    const messages = said.map(({ text }) => ({ text, label: 'crisis' as const, category: 'self_harm' as const }));
    const answers = (await Promise.all([overTrpc(messages), overLegacy(messages)])).flat();
    expect(answers).toHaveLength(said.length * 2);
    for (const { text, answer } of answers) {
      expect(answer, text).toContain(said.find((entry) => entry.text === text)!.answer);
      expect(answer, text).toContain(HELP);
    }
  });

  it('escalates every crisis message with the help contacts, never asks the model about it, and leaves the rest alone', { timeout: 180_000 }, async () => {
    const answers = (await Promise.all([...shares(3).map(overTrpc), ...shares(3).map(overLegacy)])).flat();
    expect(answers).toHaveLength(corpus.length * 2);

    for (const { text, answer, source } of answers) {
      if (escalates(text)) {
        expect(answer, text).toContain(HELP);
        expect(answer, text).not.toContain('lovely day');
        if (source !== 'legacy') expect(source).toBe('escalation');
      } else {
        expect(answer, text).toBe(CHEERFUL);
        if (source !== 'legacy') expect(source).toMatch(/^mistral:/);
      }
    }
    const escalated = answers.filter(({ text }) => escalates(text));
    expect(escalated.length).toBeGreaterThanOrEqual(crisis.length * 2);
    // Every crisis message reached HR once, from its sender, with their words.
    const alertFor = ({ userId, text }: { userId: number; text: string }) => ctx.watch.alerts.filter((a) => a.userId === userId && a.evidence === text);
    await waitFor(() => escalated.every((a) => alertFor(a).length > 0), 10_000, 'an escalation for every crisis message');
    for (const entry of escalated) {
      expect(alertFor(entry).map((a) => a.concern)).toContain(findCrisisSigns(entry.text)[0]!.concern);
      expect(alertFor(entry).every((a) => a.room === 'safety' || a.room === 'safety_legacy')).toBe(true);
    }
    for (const entry of answers.filter(({ text }) => !escalates(text))) expect(alertFor(entry), entry.text).toEqual([]);
    // The model was never asked about a crisis message; the moderation model saw the others.
    const asked = new Set(askedAbout(ctx.standIn));
    for (const { text } of crisis) expect(asked.has(text), text).toBe(false);
    for (const { text } of calm.filter(({ text }) => !escalates(text))) {
      expect(asked.has(text), text).toBe(true);
      expect(ctx.standIn.moderations, text).toContain(text);
    }
  });
});

describe('Mistral moderation beside the local rules and model', () => {
  const missed = {
    flagged: 'The bridge on my commute looks different lately',
    late: 'I looked at the tracks for a long time today',
    failing: 'Could we talk about my schedule next week',
    hanging: 'Is the office open on the bank holiday',
  };
  const ctx = withCheerfulServer({ MISTRAL_MODERATION_TIMEOUT_MS: '400' }, (input) =>
      input === missed.flagged ? { flag: ['selfharm'] }
      : input === missed.late ? { flag: ['selfharm'], delayMs: 3000 }
      : input === missed.failing ? { status: 500 }
      : input === missed.hanging ? { hang: true }
      : {},
  );

  it('the local rules and model miss these messages', () => {
    for (const text of Object.values(missed)) expect(findCrisisSigns(text), text).toEqual([]);
  });

  it('escalates a message only the moderation model flags, and answers with the help contacts', async () => {
    const employee = await signUp(ctx.server.url);
    const room = watchRoom(employee.client, 'moderated');
    await room.waitFor('members');
    const { answerId } = await employee.client.chat.send.mutate({ room: 'moderated', message: missed.flagged });
    const done = await room.waitFor('done', (e) => e.answerId === answerId);
    expect(done).toMatchObject({ source: 'escalation', text: expect.stringContaining(HELP) });
    const alert = await waitFor(() => ctx.watch.alerts.find((a) => a.userId === employee.user.id), 5000, 'the escalation');
    expect(alert).toMatchObject({ concern: 'Possible risk of self-harm', evidence: missed.flagged, room: 'moderated' });
    expect(askedAbout(ctx.standIn)).not.toContain(missed.flagged);
    room.stop();
  });

  it('still escalates to HR when the verdict comes after the bound, beside the model answer', async () => {
    const employee = await signUp(ctx.server.url);
    const socket = await LegacySocket.open(ctx.server.wsUrl, 'moderated_late', employee.token);
    socket.send({ type: 'connection', username: employee.user.username });
    await socket.next('connection_confirmed');
    const { response } = await socket.ask(missed.late, employee.user.username);
    expect(response.message).toBe(CHEERFUL); // the answer did not wait for the verdict
    const alert = await waitFor(() => ctx.watch.alerts.find((a) => a.userId === employee.user.id), 5000, 'the late escalation');
    expect(alert).toMatchObject({ concern: 'Possible risk of self-harm', evidence: missed.late, room: 'moderated_late' });
    socket.close();
  });

  it('moderates messages that arrive together in one request, each with its own verdict', async () => {
    const slow = ['Slow one: how do I book a desk', 'Slow two: where is the parking'];
    const together = Array.from({ length: 5 }, (_, i) => `Together ${i}: a question about my week`);
    const script = ctx.standIn.moderationScript;
    ctx.standIn.moderationScript = (input) => (slow.includes(input) ? { delayMs: 300 } : input === together[3] ? { flag: ['selfharm'] } : script(input));
    try {
      const employees = await Promise.all([...slow, ...together].map(() => signUp(ctx.server.url)));
      const rooms = employees.map((employee) => watchRoom(employee.client, 'batched'));
      await Promise.all(rooms.map((room) => room.waitFor('members')));
      const requestsBefore = ctx.standIn.moderationRequests.length;
      // The two slow ones take both request slots; the five behind them wait and go together.
      const sent = [];
      for (const [i, text] of [...slow, ...together].entries()) sent.push(employees[i]!.client.chat.send.mutate({ room: 'batched', message: text }));
      const answerIds = (await Promise.all(sent)).map((r) => r.answerId);
      const done = await Promise.all(rooms.map((room, i) => room.waitFor('done', (e) => e.answerId === answerIds[i])));
      const batches = ctx.standIn.moderationRequests.slice(requestsBefore);
      expect(batches.flat().sort()).toEqual([...slow, ...together].sort());
      expect(batches.length).toBeLessThan(7);
      expect(batches.some((inputs) => inputs.length > 1)).toBe(true);
      expect(done.map((d) => d.source)).toEqual([...slow, ...together].map((text) => (text === together[3] ? 'escalation' : expect.stringMatching(/^mistral:/))));
      const flaggedUser = employees[slow.length + 3]!.user.id;
      await waitFor(() => ctx.watch.alerts.find((a) => a.userId === flaggedUser), 5000, 'the escalation of the flagged one');
      expect(ctx.watch.alerts.filter((a) => employees.some((e) => e.user.id === a.userId)).map((a) => a.userId)).toEqual([flaggedUser]);
      rooms.forEach((room) => room.stop());
    } finally {
      ctx.standIn.moderationScript = script;
    }
  });

  it('answers as usual when the moderation endpoint fails or hangs', async () => {
    const employee = await signUp(ctx.server.url);
    const room = watchRoom(employee.client, 'moderation_down');
    await room.waitFor('members');
    for (const text of [missed.failing, missed.hanging]) {
      const { answerId } = await employee.client.chat.send.mutate({ room: 'moderation_down', message: text });
      const done = await room.waitFor('done', (e) => e.answerId === answerId);
      expect(done).toMatchObject({ source: expect.stringMatching(/^mistral:/), text: CHEERFUL });
      expect(ctx.standIn.moderations).toContain(text);
    }
    expect(ctx.watch.alerts.filter((a) => a.userId === employee.user.id)).toEqual([]);
    room.stop();
  });
});
