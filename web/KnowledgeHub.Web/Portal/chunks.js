// A document's detail: its access groups, metadata and tags, and its chunks page by page (page number, heading path,
// text, corrected/excluded markers). An admin or ingest key may correct a chunk's text or exclude it from retrieval.
import { describe, getJson, send } from './api.js';
import { $, announce, el } from './dom.js';

const PageSize = 50;
const Editors = new Set(['admin', 'ingest']);
let current = null; // { doc, chunks, total, nextOffset, canEdit }

function metadataText(value) {
  return Array.isArray(value) ? value.join(', ') : String(value);
}

function attributes(doc) {
  const groups = doc.accessGroups?.length ? doc.accessGroups.join(', ') : 'none (every key of the tenant may read it)';
  const entries = Object.entries(doc.metadata ?? {});
  return [
    el('dt', {}, 'Collection'), el('dd', {}, doc.collection),
    el('dt', {}, 'Version'), el('dd', {}, String(doc.version)),
    el('dt', {}, 'Access groups'), el('dd', { class: 'access-groups' }, groups),
    el('dt', {}, 'Metadata'),
    el('dd', { class: 'metadata' }, entries.length
      ? el('ul', {}, ...entries.map(([key, value]) => el('li', { 'data-key': key }, el('code', {}, key), `: ${metadataText(value)}`)))
      : 'none'),
    doc.tags?.length ? el('dt', {}, 'Tags') : null, doc.tags?.length ? el('dd', {}, doc.tags.join(', ')) : null,
  ].filter(Boolean);
}

function edited(chunk) {
  if (!chunk.editedAt) return null;
  const who = chunk.editedByName ? `${chunk.editedByName} (${chunk.editedBy})` : chunk.editedBy;
  return el('small', { class: 'edited' }, `edited by ${who}, ${new Date(chunk.editedAt).toLocaleString()}`);
}

function chunkView(chunk) {
  const markers = el('span', { class: 'markers' },
    chunk.corrected ? el('span', { class: 'marker marker-corrected', title: `Original text:\n${chunk.originalText ?? ''}` }, 'corrected') : null,
    chunk.excluded ? el('span', { class: 'marker marker-excluded', title: 'Never searched, answered from or cited' }, 'excluded') : null,
    chunk.suspicious ? el('span', { class: 'marker marker-flagged', title: chunk.suspicious }, '⚠ flagged') : null);
  const actions = current.canEdit ? el('span', { class: 'chunk-actions' },
    el('button', { type: 'button', class: 'secondary', 'data-edit': chunk.chunkId, 'aria-label': `Edit chunk ${chunk.ordinal}` }, 'Edit'),
    chunk.excluded
      ? el('button', { type: 'button', class: 'secondary', 'data-include': chunk.chunkId, 'aria-label': `Include chunk ${chunk.ordinal}` }, 'Include')
      : el('button', { type: 'button', class: 'secondary danger', 'data-exclude': chunk.chunkId, 'aria-label': `Exclude chunk ${chunk.ordinal}` }, 'Exclude')) : null;
  return el('article', {
    class: 'chunk', 'data-chunk': chunk.chunkId, 'data-ordinal': chunk.ordinal,
    'data-corrected': chunk.corrected ? 'true' : 'false', 'data-excluded': chunk.excluded ? 'true' : 'false',
  },
  el('div', { class: 'chunk-head' },
    el('span', { class: 'chunk-ordinal' }, `#${chunk.ordinal}`),
    chunk.headingPath ? el('span', { class: 'heading-path', title: chunk.headingPath }, chunk.headingPath) : null,
    el('small', { class: 'muted' }, `${chunk.tokenCount} tokens`),
    markers,
    actions),
  el('p', { class: 'chunk-text' }, chunk.text),
  edited(chunk));
}

function render() {
  const { chunks, total } = current;
  const nodes = [];
  let page;
  for (const chunk of chunks) {
    // Chunks of paged documents are grouped under their page, as the citations name them.
    if (chunk.page != null && chunk.page !== page) {
      page = chunk.page;
      nodes.push(el('h3', { class: 'chunk-page', 'data-page': page }, `Page ${page}`));
    }
    nodes.push(chunkView(chunk));
  }
  $('#document-chunks').replaceChildren(...nodes);
  $('#document-chunks-count').textContent = `${chunks.length} of ${total} chunks`;
  $('#document-chunks-more').hidden = current.nextOffset == null;
}

async function loadMore() {
  const page = await getJson(`/api/documents/${encodeURIComponent(current.doc.id)}/chunks?limit=${PageSize}&offset=${current.nextOffset}`);
  current.chunks.push(...page.chunks);
  current.total = page.total;
  current.nextOffset = page.nextOffset ?? null;
  render();
}

/** Opens the detail of a document: its attributes, then its first page of chunks. */
export async function openDocument(id) {
  const panel = $('#document-detail');
  panel.hidden = false;
  $('#document-detail-message').textContent = '';
  try {
    const [doc, key] = await Promise.all([
      getJson(`/api/documents/${encodeURIComponent(id)}`),
      getJson('/api/keys/current').catch(() => null),
    ]);
    current = { doc, chunks: [], total: 0, nextOffset: 0, canEdit: Editors.has(key?.role) };
    $('#document-detail-title').textContent = doc.fileName;
    $('#document-attributes').replaceChildren(...attributes(doc));
    await loadMore();
    panel.scrollIntoView({ block: 'start' });
  } catch (error) {
    $('#document-detail-message').textContent = describe(error);
  }
}

export function closeDocument() {
  current = null;
  $('#document-detail').hidden = true;
  $('#document-chunks').replaceChildren();
  $('#document-attributes').replaceChildren();
}

function replaceChunk(updated) {
  const index = current.chunks.findIndex((c) => c.chunkId === updated.chunkId);
  if (index >= 0) current.chunks[index] = updated;
  $(`#document-chunks article[data-chunk="${CSS.escape(updated.chunkId)}"]`)?.replaceWith(chunkView(updated));
}

async function patch(chunkId, body, said) {
  try {
    const updated = await send('PATCH', `/api/chunks/${encodeURIComponent(chunkId)}`, body);
    replaceChunk(updated);
    $('#document-detail-message').textContent = '';
    announce(said);
  } catch (error) {
    $('#document-detail-message').textContent = describe(error);
  }
}

function startEditing(article, chunk) {
  const area = el('textarea', { class: 'chunk-editor', rows: 6, 'aria-label': `Text of chunk ${chunk.ordinal}` });
  area.value = chunk.text;
  const save = el('button', { type: 'button', 'data-save': chunk.chunkId }, 'Save');
  const cancel = el('button', { type: 'button', class: 'secondary', 'data-cancel': chunk.chunkId }, 'Cancel');
  article.querySelector('.chunk-text').replaceWith(el('div', { class: 'chunk-editing' }, area, el('div', {}, save, ' ', cancel)));
  area.focus();
}

async function act(event) {
  const button = event.target.closest('button');
  if (!button || !current) return;
  const { edit, exclude, include, save, cancel } = button.dataset;
  const id = edit ?? exclude ?? include ?? save ?? cancel;
  const chunk = current.chunks.find((c) => c.chunkId === id);
  if (!chunk) return;
  const article = button.closest('article');
  if (edit) startEditing(article, chunk);
  else if (cancel) article.replaceWith(chunkView(chunk));
  else if (save) await patch(id, { text: article.querySelector('textarea').value }, 'Chunk corrected and indexed again');
  else if (exclude) await patch(id, { excluded: true }, 'Chunk excluded from search and answers');
  else if (include) await patch(id, { excluded: false }, 'Chunk included again');
}

export function wireChunks() {
  $('#document-chunks').addEventListener('click', act);
  $('#document-chunks-more').addEventListener('click', () => loadMore().catch((error) => { $('#document-detail-message').textContent = describe(error); }));
  $('#document-detail-close').addEventListener('click', closeDocument);
}
