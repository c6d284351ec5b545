// Questions and streamed answers, citations that open their passage, and feedback on answers.
import { describe, getJson, send, stream } from './api.js';
import { $, announce, el } from './dom.js';
import { selectedCollection } from './documents.js';

let conversationId = null;
let busy = null;

export function newConversation() {
  busy?.abort();
  conversationId = null;
  $('#conversation').replaceChildren();
  $('#passage').hidden = true;
  $('#conversation-select').value = '';
  $('#question').focus();
}

/** Offers the tenant's recent conversations to go back to; hidden on a server that keeps none. */
export async function refreshConversations() {
  let list;
  try {
    list = await getJson('/api/conversations?limit=20');
  } catch {
    $('#conversations').hidden = true;
    return;
  }
  const select = $('#conversation-select');
  const when = (text) => new Date(text).toLocaleString();
  select.replaceChildren(
    el('option', { value: '' }, 'New conversation'),
    ...(list.items ?? []).map((c) => el('option', { value: c.id }, `${when(c.updatedAt)} · ${c.turnCount} question${c.turnCount === 1 ? '' : 's'}${c.collection ? ` · ${c.collection}` : ''}`)));
  select.value = conversationId ?? '';
  $('#conversations').hidden = false;
}

async function openConversation(id) {
  if (!id) { newConversation(); return; }
  try {
    const conversation = await getJson(`/api/conversations/${encodeURIComponent(id)}`);
    conversationId = conversation.id;
    $('#passage').hidden = true;
    $('#conversation').replaceChildren(...conversation.turns.flatMap((turn) => {
      const bubble = el('div', { class: 'message answer' });
      renderAnswer(bubble, { ...turn, answer: turn.answer, turnId: turn.id });
      return [el('div', { class: 'message question' }, turn.question), bubble];
    }));
    announce(`Conversation with ${conversation.turns.length} questions`);
  } catch (error) {
    announce(describe(error));
  }
}

function citeButton(citation, label) {
  const button = el('button', { type: 'button', class: 'cite', 'data-cite': citation.number, 'aria-label': `Source ${citation.number}: ${citation.fileName}${citation.page ? `, page ${citation.page}` : ''}` }, label);
  button.addEventListener('click', () => showPassage(citation));
  return button;
}

/**
 * The answer text with each [n] marker turned into a button that opens its citation. Two sentences quoted from the
 * same passage share a number but not a span, so the k-th [n] marker opens the k-th citation numbered n.
 */
function answerText(answer) {
  const byNumber = new Map();
  for (const c of answer.citations) byNumber.set(c.number, [...(byNumber.get(c.number) ?? []), c]);
  const used = new Map();
  const node = el('div', { class: 'answer-text' });
  let last = 0;
  for (const match of answer.answer.matchAll(/\[(\d+)\]/g)) {
    const number = Number(match[1]);
    const candidates = byNumber.get(number);
    if (!candidates) continue;
    const index = used.get(number) ?? 0;
    used.set(number, index + 1);
    const citation = candidates[Math.min(index, candidates.length - 1)];
    node.append(answer.answer.slice(last, match.index), citeButton(citation, match[1]));
    last = match.index + match[0].length;
  }
  node.append(answer.answer.slice(last));
  return node;
}

function sources(answer) {
  if (answer.citations.length === 0) return null;
  const passages = answer.citations.filter((c, i, all) => all.findIndex((o) => o.number === c.number && o.chunkId === c.chunkId) === i);
  return el('ol', { class: 'sources', 'aria-label': 'Sources' }, ...passages.map((c) => el('li', { value: c.number },
    citeButton(c, `${c.fileName}${c.version > 1 ? ` (v${c.version})` : ''}${c.page ? ` · page ${c.page}` : ''}`),
    c.headingPath ? el('span', { class: 'muted' }, ` ${c.headingPath}`) : null)));
}

function feedback(answer) {
  if (!answer.turnId) return null; // a server without conversations has nothing to attach feedback to
  const message = el('span', { class: 'feedback-message', role: 'status' });
  const correction = el('textarea', { rows: 3, 'aria-label': 'Corrected answer (optional)', placeholder: 'Corrected answer (optional)' });
  const form = el('form', { class: 'correction', hidden: true },
    correction, el('button', { type: 'submit' }, 'Send correction'));
  const submit = async (rating, correctedAnswer) => {
    try {
      await send('POST', `/api/answers/${encodeURIComponent(answer.turnId)}/feedback`, correctedAnswer ? { rating, correctedAnswer } : { rating });
      message.textContent = 'Thanks for the feedback.';
      // A thumbs-down leaves the correction box open; sending a correction closes it.
      if (correctedAnswer) form.hidden = true;
    } catch (error) {
      message.textContent = describe(error);
    }
  };
  const up = el('button', { type: 'button', class: 'secondary thumb', 'aria-pressed': 'false', 'aria-label': 'Helpful answer', 'data-rating': 'up' }, '▲ Helpful');
  const down = el('button', { type: 'button', class: 'secondary thumb', 'aria-pressed': 'false', 'aria-label': 'Unhelpful answer', 'data-rating': 'down' }, '▼ Not helpful');
  up.addEventListener('click', () => { up.setAttribute('aria-pressed', 'true'); down.setAttribute('aria-pressed', 'false'); submit('up'); });
  down.addEventListener('click', () => {
    down.setAttribute('aria-pressed', 'true');
    up.setAttribute('aria-pressed', 'false');
    form.hidden = false;
    submit('down');
    correction.focus();
  });
  form.addEventListener('submit', (e) => { e.preventDefault(); if (correction.value.trim()) submit('down', correction.value.trim()); });
  // A reopened conversation shows the feedback each answer already has.
  const given = answer.feedback;
  if (given?.rating === 'up') up.setAttribute('aria-pressed', 'true');
  if (given?.rating === 'down') down.setAttribute('aria-pressed', 'true');
  if (given?.correctedAnswer) correction.value = given.correctedAnswer;
  return el('div', { class: 'feedback' }, up, down, message, form);
}

function renderAnswer(bubble, answer) {
  bubble.classList.remove('streaming');
  bubble.dataset.found = String(answer.found);
  if (answer.turnId) bubble.dataset.turnId = answer.turnId;
  if (answer.conversationId) bubble.dataset.conversationId = answer.conversationId;
  if (!answer.found) {
    const state = el('div', { class: 'not-in-documents', role: 'note' },
      el('strong', {}, 'Not in your documents'),
      el('div', { class: 'answer-text not-found' }, answer.answer));
    bubble.replaceChildren(state, related(answer) ?? '', feedback(answer) ?? '');
    return;
  }
  if (answer.grounded === false) {
    // A decoder answer the passages do not support: the warning comes first and the text is shown as unverified.
    const warning = el('div', { class: 'warning ungrounded', role: 'alert' },
      'Not supported by your documents: the cited passages do not back this answer. Check the sources before relying on it.');
    const text = answerText(answer);
    text.classList.add('unverified');
    bubble.replaceChildren(warning, text, sources(answer) ?? '', feedback(answer) ?? '');
    return;
  }
  bubble.replaceChildren(answerText(answer), sources(answer) ?? '', feedback(answer) ?? '');
}

/** The near passages of a "not found" answer: they do not answer, but the reader may want to look. */
function related(answer) {
  const passages = answer.related ?? [];
  if (passages.length === 0) return null;
  return el('div', { class: 'related' },
    el('div', { class: 'muted' }, 'Closest passages (they do not answer the question):'),
    el('ul', {}, ...passages.map((r) => {
      const button = el('button', { type: 'button', class: 'link' }, `${r.fileName}${r.page ? ` · page ${r.page}` : ''}`);
      button.addEventListener('click', () => showPassage({ ...r, number: 'related', start: -1, end: -1, quote: r.snippet }));
      return el('li', {}, button, ' ', el('span', { class: 'muted snippet' }, r.snippet));
    })));
}

async function ask(event) {
  event.preventDefault();
  const question = $('#question').value.trim();
  if (!question || busy) return;
  const thread = $('#conversation');
  const bubble = el('div', { class: 'message answer streaming', 'aria-busy': 'true' }, el('div', { class: 'answer-text' }));
  thread.append(el('div', { class: 'message question' }, question), bubble);
  $('#question').value = '';
  $('#ask-button').disabled = true;
  busy = new AbortController();
  let streamed = '';
  try {
    const body = { question, collection: selectedCollection() };
    if (conversationId) body.conversationId = conversationId;
    await stream('/api/ask/stream', body, (name, data) => {
      if (name === 'delta') {
        streamed += data.text ?? '';
        bubble.dataset.deltas = String(Number(bubble.dataset.deltas ?? 0) + 1);
        bubble.querySelector('.answer-text').textContent = streamed;
      } else if (name === 'answer') {
        if (data.conversationId) conversationId = data.conversationId;
        renderAnswer(bubble, data);
        if (data.conversationId) refreshConversations();
        announce(data.found ? `Answer with ${data.citations.length} source${data.citations.length === 1 ? '' : 's'}` : 'No answer in the documents');
      } else if (name === 'error') {
        bubble.replaceChildren(el('div', { class: 'error' }, data.detail || data.title || String(data)));
      }
    }, busy.signal);
    if (bubble.classList.contains('streaming')) {
      bubble.classList.remove('streaming');
      bubble.append(el('div', { class: 'error' }, 'The answer stream ended before the final answer arrived.'));
    }
  } catch (error) {
    if (error.name !== 'AbortError') {
      bubble.classList.remove('streaming');
      bubble.replaceChildren(el('div', { class: 'error' }, describe(error)));
      announce(describe(error));
    }
  } finally {
    bubble.removeAttribute('aria-busy');
    busy = null;
    $('#ask-button').disabled = false;
    bubble.scrollIntoView({ block: 'nearest' });
  }
}

/**
 * The passage text with each quoted span marked (a table quote is its header row and the matching rows, apart); the
 * quote alone when the chunk cannot be fetched. Citations stored before spans existed mark start..end.
 */
function markedPassage(text, citation) {
  const spans = citation.spans?.length ? citation.spans : [{ start: citation.start, end: citation.end }];
  const valid = spans.every((s, i) => Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= (i > 0 ? spans[i - 1].end : 0)
    && s.end > s.start && s.end <= text.length);
  if (!valid) return [text];
  const nodes = [];
  let last = 0;
  spans.forEach((s, i) => {
    nodes.push(text.slice(last, s.start), el('mark', i === 0 ? { id: 'passage-mark' } : {}, text.slice(s.start, s.end)));
    last = s.end;
  });
  nodes.push(text.slice(last));
  return nodes;
}

export async function showPassage(citation) {
  const panel = $('#passage');
  const source = [`[${citation.number}] ${citation.fileName}`];
  if (citation.version > 1) source.push(`version ${citation.version}`);
  if (citation.page) source.push(`page ${citation.page}`);
  if (citation.headingPath) source.push(citation.headingPath);
  $('#passage-source').textContent = source.join(' · ');
  $('#passage-source').dataset.page = citation.page ?? '';
  $('#passage-text').replaceChildren(el('span', { class: 'muted' }, 'Loading the passage…'));
  panel.hidden = false;
  try {
    const chunk = await getJson(`/api/chunks/${encodeURIComponent(citation.chunkId)}`);
    $('#passage-text').replaceChildren(...markedPassage(chunk.text, citation));
  } catch (error) {
    // The chunk may belong to a version replaced since the answer; the quote still shows what was cited.
    $('#passage-text').replaceChildren(el('mark', { id: 'passage-mark' }, citation.quote), el('div', { class: 'muted' }, describe(error)));
  }
  panel.focus();
  $('#passage-mark')?.scrollIntoView({ block: 'nearest' });
  announce(`Source ${citation.number}: ${citation.fileName}${citation.page ? `, page ${citation.page}` : ''}`);
}

export function wireChat() {
  $('#ask-form').addEventListener('submit', ask);
  $('#new-conversation').addEventListener('click', newConversation);
  $('#conversation-select').addEventListener('change', (e) => openConversation(e.target.value));
  $('#passage-close').addEventListener('click', () => { $('#passage').hidden = true; $('#question').focus(); });
  document.addEventListener('keydown', (e) => { if (e.key === 'Escape' && !$('#passage').hidden) $('#passage').hidden = true; });
}
