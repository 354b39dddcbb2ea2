import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import type { ChatEvent, StoredMessage } from '@hr-assistant/client';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useEffect, useId, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { ConnectionBanner } from '../components/ConnectionBanner';
import { ErrorNote, Page } from '../components/Page';
import { useSession } from '../session';
import { errorCode, errorMessage, useTRPC } from '../trpc';

/** An answer still streaming: its chunks by `seq`, so a replayed chunk is never shown twice. */
interface Streaming {
  answerId: string;
  chunks: string[];
  failed?: string;
}

/** Where the page was in the room: the last event after which nothing streamed, and whether an answer streams since. */
function readPlace(key: string): { id: string; streaming: boolean } | null {
  try {
    const place = JSON.parse(sessionStorage.getItem(key) ?? 'null') as { id?: unknown; streaming?: unknown } | null;
    return typeof place?.id === 'string' ? { id: place.id, streaming: place.streaming === true } : null;
  } catch {
    return null;
  }
}

export function Chat() {
  const trpc = useTRPC();
  const { user, expire } = useSession();
  // A room of one's own: presence and history are this employee's alone.
  const room = `assistant-${user!.id}`;
  const [live, setLive] = useState<Map<number, StoredMessage>>(new Map());
  const [streaming, setStreaming] = useState<Map<string, Streaming>>(new Map());
  const [notice, setNotice] = useState<string | null>(null);
  const [text, setText] = useState('');
  const fieldId = useId();

  const history = useInfiniteQuery(trpc.chat.history.infiniteQueryOptions({ room, limit: 50 }, { getNextPageParam: (page) => page.nextCursor }));
  const send = useMutation(trpc.chat.send.mutationOptions());
  // Ends the session now: HR gets its report (otherwise it ends a while after the page closes).
  const end = useMutation(trpc.chat.end.mutationOptions());

  // Answers already stored: a late chunk of one (a replay racing the end) must not reopen it.
  const finished = useRef(new Set<string>());
  // Answers streaming now: the page keeps its place in the room only between answers (below).
  const inFlight = useRef(new Set<string>());
  // The events could not all be replayed (the server restarted): what was streaming is gone.
  const [lostTrack, setLostTrack] = useState(false);

  const onEvent = (event: ChatEvent) => {
    if (event.type === 'chunk' && !finished.current.has(event.answerId)) inFlight.current.add(event.answerId);
    if (event.type === 'done' || (event.type === 'error' && event.answerId)) {
      inFlight.current.delete(event.answerId!);
      if (event.type === 'done' && event.replaces) inFlight.current.delete(event.replaces);
    }
    switch (event.type) {
      case 'message':
        setLive((m) => new Map(m).set(event.message.id, event.message));
        break;
      case 'chunk':
        if (finished.current.has(event.answerId)) break;
        setStreaming((s) => {
          const next = new Map(s);
          if (event.replaces) next.delete(event.replaces);
          const answer = next.get(event.answerId) ?? { answerId: event.answerId, chunks: [] };
          const chunks = [...answer.chunks];
          chunks[event.seq] = event.text;
          return next.set(event.answerId, { ...answer, chunks });
        });
        break;
      case 'done':
        finished.current.add(event.answerId);
        setLostTrack(false);
        if (send.error) send.reset(); // "wait for the current answer" no longer holds
        setLive((m) => new Map(m).set(event.message.id, event.message));
        setStreaming((s) => {
          const next = new Map(s);
          next.delete(event.answerId);
          if (event.replaces) next.delete(event.replaces);
          return next;
        });
        break;
      case 'error':
        if (event.code === 'RESUME_GAP') {
          // What streamed before cannot be finished here: history has what was stored.
          inFlight.current.clear();
          setStreaming(new Map());
          setLostTrack(true);
          void history.refetch();
        } else if (event.answerId) {
          const failed = event.replacedBy ? 'Interrupted; answering again…' : event.message;
          setStreaming((s) => new Map(s).set(event.answerId!, { ...(s.get(event.answerId!) ?? { answerId: event.answerId!, chunks: [] }), failed }));
        } else {
          setNotice(event.message);
        }
        break;
    }
  };

  // tRPC's wsLink resubscribes after a dropped connection with the last event id it saw,
  // so the server replays exactly what was missed. A reload while an answer streams resumes
  // from the last event before it, so the answer replays from its start; any other reload
  // starts afresh from history (and gets a pending check-in, which a resume does not).
  const placeKey = `hr-assistant.chat.${room}`;
  const place = useRef<{ id: string; streaming: boolean } | null>(null);
  const [input] = useState(() => {
    place.current = readPlace(placeKey);
    return { room, lastEventId: place.current?.streaming ? place.current.id : null };
  });
  // Written when it changes only: once between answers, and once as an answer starts (not per chunk).
  const keepPlace = (next: { id: string; streaming: boolean }) => {
    place.current = next;
    sessionStorage.setItem(placeKey, JSON.stringify(next));
  };
  const subscription = useSubscription(trpc.chat.join.subscriptionOptions(input, {
      onData: ({ id, data }) => {
        onEvent(data);
        if (!id) return;
        if (inFlight.current.size === 0) keepPlace({ id, streaming: false });
        else if (place.current && !place.current.streaming) keepPlace({ ...place.current, streaming: true });
      },
      onError: (error) => errorCode(error) === 'UNAUTHORIZED' && expire(),
    }),
  );
  const connected = subscription.status === 'pending';

  const messages = useMemo(() => {
    const all = new Map<number, StoredMessage>();
    for (const page of history.data?.pages ?? []) for (const m of page.items) all.set(m.id, m);
    for (const [id, m] of live) all.set(id, m);
    return [...all.values()].sort((a, b) => a.id - b.id);
  }, [history.data, live]);

  const bottom = useRef<HTMLDivElement>(null);
  useEffect(() => {
    bottom.current?.scrollIntoView({ block: 'end' });
  }, [messages.length, streaming]);

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    const message = text.trim();
    if (!message || !connected || send.isPending) return;
    send.mutate({ room, message }, {
      onSuccess: () => {
        setText('');
        setNotice(null);
        setLostTrack(false);
      },
    });
    end.reset();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  };

  return (
    <Page
      title="Chat with the HR assistant"
      actions={
        <button type="button" className="secondary" onClick={() => end.mutate({ room })} disabled={end.isPending || messages.length === 0}>
          End conversation
        </button>
      }
    >
      <ConnectionBanner status={subscription.status} />
      <div className="chat" role="log" aria-label="Conversation" aria-busy={history.isPending}>
        {history.hasNextPage && (
          <button type="button" className="secondary" onClick={() => void history.fetchNextPage()} disabled={history.isFetchingNextPage}>
            Earlier messages
          </button>
        )}
        {history.error && <ErrorNote error={errorMessage(history.error)} />}
        {!history.isPending && messages.length === 0 && streaming.size === 0 && (
          <p className="muted">
            Write to the HR assistant about anything at work: your workload, leave, your team or your manager. What you write here is seen by you and by HR, never by colleagues.
          </p>
        )}
        {messages.map((m) => (
          <div key={m.id} className={`bubble ${m.direction === 'sent' ? 'mine' : 'theirs'}`} data-source={m.source ?? undefined}>
            <span className="visually-hidden">{m.direction === 'sent' ? 'You: ' : 'Assistant: '}</span>
            {m.text}
          </div>
        ))}
        {lostTrack && streaming.size === 0 && messages.at(-1)?.direction === 'sent' && (
          <p className="note" role="status">
            The connection was lost before this was answered. Send it again to get an answer.
          </p>
        )}
        {[...streaming.values()].map((answer) => (
          <div key={answer.answerId} className="bubble theirs streaming" data-answer-id={answer.answerId}>
            <span className="visually-hidden">Assistant: </span>
            {answer.chunks.join('')}
            {answer.failed && <em className="error"> ({answer.failed})</em>}
          </div>
        ))}
        <div ref={bottom} />
      </div>
      {end.isSuccess && <p role="status">Conversation ended. Write again whenever you like.</p>}
      <ErrorNote error={notice ?? (send.error ? errorMessage(send.error) : end.error ? errorMessage(end.error) : null)} />
      <form className="composer" onSubmit={submit}>
        <label htmlFor={fieldId}>Message</label>
        <textarea id={fieldId} rows={2} value={text} onChange={(e) => setText(e.target.value)} onKeyDown={onKeyDown} placeholder="Type and press Enter (Shift+Enter for a new line)" />
        <button type="submit" disabled={!connected || send.isPending || !text.trim()}>
          {connected ? 'Send' : 'Connecting…'}
        </button>
      </form>
    </Page>
  );
}
