// Collections, uploads with per-file progress, and the live document table.
import { describe, getJson, send, upload } from './api.js';
import { openDocument } from './chunks.js';
import { $, announce, el } from './dom.js';
import { refreshQueue, resetQueue, stalledIds } from './queue.js';

const AllCollections = '';
const PageSize = 200;
const CollectionName = /^[A-Za-z0-9_.-]{1,64}$/;
const uploads = new Map(); // document id -> the upload list item that follows it
let documents = [];
let timer = 0;
let role = null; // the signed-in key's role; only an admin is offered "Clear flag"
const openFlags = new Set(); // documents whose flag list is expanded, kept open across refreshes
const flaggedChunks = new Map(); // document id -> its flagged chunks, loaded when the list is first opened

/** The collection questions go to: null means every collection of the tenant. */
export function selectedCollection() {
  const value = $('#collection-select').value;
  return value === AllCollections ? null : value;
}

function uploadCollection() {
  const typed = $('#new-collection').value.trim();
  return typed || selectedCollection() || 'default';
}

async function collectionNames() {
  try {
    const { collections } = await getJson('/api/collections');
    return collections.map((c) => c.name);
  } catch (error) {
    // A server without the collections endpoint: the documents on this page name theirs.
    if (error.status !== 404) throw error;
    return documents.map((d) => d.collection);
  }
}

async function renderCollections() {
  const select = $('#collection-select');
  const current = select.value;
  const names = [...new Set(['default', ...await collectionNames()])].sort();
  select.replaceChildren(
    el('option', { value: AllCollections }, 'All collections'),
    ...names.map((name) => el('option', { value: name }, name)));
  select.value = names.includes(current) || current === AllCollections ? current : AllCollections;
}

function statusText(doc) {
  switch (doc.status) {
    case 'processing': {
      const p = doc.progress;
      return p?.step ? `processing · ${p.step}${p.total ? ` ${p.done}/${p.total}` : ''}` : 'processing';
    }
    case 'completed': return `completed · ${doc.chunkCount ?? 0} chunks`;
    case 'failed': return 'failed';
    default: return doc.status;
  }
}

function progressBar(doc) {
  const p = doc.progress;
  if (doc.status !== 'processing' || !p?.total) return null;
  return el('progress', { max: p.total, value: p.done, 'aria-label': `${doc.fileName}: ${p.step} ${p.done} of ${p.total}` });
}

function flaggedList(doc) {
  const chunks = flaggedChunks.get(doc.id);
  if (!chunks) return el('p', { class: 'muted' }, 'Loading…');
  return el('ul', { class: 'flag-list' }, ...chunks.map((c) => el('li', { 'data-chunk': c.chunkId },
    el('strong', {}, c.suspicious ?? 'cleared'),
    c.page ? el('small', {}, ` · page ${c.page}`) : null,
    el('blockquote', {}, c.text.length > 300 ? `${c.text.slice(0, 300)}…` : c.text),
    role === 'admin' ? el('button', { type: 'button', class: 'secondary', 'data-clear-flag': c.chunkId, 'data-document': doc.id, 'aria-label': `Clear the flag of a chunk of ${doc.fileName}` }, 'Clear flag') : null)));
}

// Flagged chunks are kept out of answers; the marker says so, and its list gives each chunk's reason.
function flagMarker(doc) {
  if (!doc.suspiciousChunks) return null;
  const reasons = flaggedChunks.get(doc.id)?.map((c) => c.suspicious).filter(Boolean);
  const title = reasons?.length ? reasons.join('\n') : 'Chunks that look like planted instructions; they are left out of answers. Open to see why.';
  const details = el('details', { class: 'flag', 'data-flags': doc.id, open: openFlags.has(doc.id) },
    el('summary', { title }, `⚠ ${doc.suspiciousChunks} flagged`),
    openFlags.has(doc.id) ? flaggedList(doc) : null);
  details.addEventListener('toggle', () => toggleFlags(doc, details));
  return details;
}

async function toggleFlags(doc, details) {
  if (!details.open) { openFlags.delete(doc.id); return; }
  openFlags.add(doc.id);
  if (!flaggedChunks.has(doc.id)) {
    try {
      const { chunks } = await getJson(`/api/documents/${encodeURIComponent(doc.id)}/chunks?suspicious=true`);
      flaggedChunks.set(doc.id, chunks);
    } catch (error) {
      $('#documents-message').textContent = describe(error);
      return;
    }
  }
  details.querySelector('summary').title = flaggedChunks.get(doc.id).map((c) => c.suspicious).join('\n');
  details.querySelector('.flag-list, p')?.remove();
  details.append(flaggedList(doc));
}

/** Pages read by OCR, with the engine's mean confidence; pages below the floor are named, since their text may be wrong. */
function ocrMarker(doc) {
  const pages = doc.ocrPages;
  if (!pages?.length) return null;
  const percent = (p) => (p.confidence == null ? 'no words' : `${Math.round(p.confidence)}%`);
  const low = pages.filter((p) => p.lowConfidence);
  const title = pages.map((p) => `page ${p.page}: ${percent(p)}${p.lowConfidence ? ' (low)' : ''}`).join('\n');
  const known = pages.filter((p) => p.confidence != null);
  const mean = known.length ? Math.round(known.reduce((sum, p) => sum + p.confidence, 0) / known.length) : null;
  return el('div', { class: `ocr${low.length ? ' ocr-low' : ''}`, title },
    `OCR: ${pages.length === 1 ? `page ${pages[0].page}` : `${pages.length} pages`}${mean == null ? '' : `, confidence ${mean}%`}`,
    low.length ? ` · ⚠ low on ${low.length === 1 ? `page ${low[0].page}` : `${low.length} pages`}` : '');
}

function row(doc) {
  const status = el('td', { class: 'status-cell' },
    el('span', { class: `status status-${doc.status}` }, doc.status === 'completed' ? 'completed' : statusText(doc)),
    progressBar(doc),
    // A long reason is clamped to a few lines so that one failure does not make its row a page tall; all of it is on hover.
    doc.error ? el('div', { class: 'error reason', title: doc.error }, doc.error) : null);
  const actions = el('td', { class: 'actions' },
    doc.status === 'failed' || stalledIds.has(doc.id) ? el('button', { type: 'button', class: 'secondary', 'data-retry': doc.id, 'aria-label': `Retry ${doc.fileName}` }, 'Retry') : null,
    el('button', { type: 'button', class: 'secondary danger', 'data-delete': doc.id, 'aria-label': `Delete ${doc.fileName}` }, 'Delete'));
  // Names are cut with an ellipsis to keep the actions on screen; the title gives the whole name on hover.
  const name = el('div', { class: 'file-line' },
    el('span', { class: 'file-name', title: doc.fileName }, doc.fileName),
    doc.version > 1 ? el('small', {}, ` v${doc.version}`) : null);
  return el('tr', { 'data-id': doc.id, 'data-status': doc.status },
    el('td', { class: 'file' }, name, flagMarker(doc), ocrMarker(doc),
      doc.status === 'completed' ? el('button', { type: 'button', class: 'link chunks-link', 'data-chunks': doc.id, 'aria-label': `Chunks of ${doc.fileName}` }, 'Chunks') : null),
    el('td', { class: 'collection', title: doc.collection }, doc.collection),
    status,
    el('td', { class: 'count', 'data-label': 'Chunks' }, doc.chunkCount ?? ''),
    el('td', { class: 'count', 'data-label': 'Pages' }, doc.pageCount ?? ''),
    actions);
}

/** Marks an upload as failed: red, with the reason, and no bar that a full blue fill would make read as done. */
function showUploadFailed(item, reason) {
  item.dataset.status = 'failed';
  item.querySelector('progress')?.replaceWith(el('span', { class: 'failed-bar', 'aria-hidden': 'true' }));
  const state = item.querySelector('.upload-state');
  state.textContent = reason;
  state.classList.add('error');
}

async function followUploads() {
  const byId = new Map(documents.map((d) => [d.id, d]));
  for (const [id, item] of uploads) {
    // An upload outside the collection shown (or beyond the first page) is asked for by id.
    const doc = byId.get(id) ?? await getJson(`/api/documents/${encodeURIComponent(id)}`).catch(() => null);
    if (!doc) continue;
    const before = item.dataset.status;
    if (doc.status === 'failed') {
      showUploadFailed(item, `failed: ${doc.error ?? 'no reason given'}`);
    } else {
      item.dataset.status = doc.status;
      item.querySelector('.upload-state').textContent = statusText(doc);
      const bar = item.querySelector('progress');
      if (doc.status === 'processing' && doc.progress?.total) { bar.max = doc.progress.total; bar.value = doc.progress.done; }
      if (doc.status === 'completed') { bar.max = 1; bar.value = 1; }
    }
    if (doc.status === 'completed' || doc.status === 'failed') {
      if (before !== doc.status) announce(`${doc.fileName}: ${item.querySelector('.upload-state').textContent}`);
      uploads.delete(id);
    }
  }
}

export async function refreshDocuments() {
  clearTimeout(timer);
  try {
    const collection = selectedCollection();
    const page = await getJson(`/api/documents?limit=${PageSize}${collection ? `&collection=${encodeURIComponent(collection)}` : ''}`);
    documents = page.documents ?? [];
    await refreshQueue();
    if (role === null) role = (await getJson('/api/keys/current').catch(() => null))?.role ?? '';
    await renderCollections();
    $('#documents tbody').replaceChildren(...documents.map(row));
    // The actions column is as wide as two buttons only while some row has Retry; otherwise the name gets that room.
    $('#documents').classList.toggle('with-retry', documents.some((d) => d.status === 'failed' || stalledIds.has(d.id)));
    $('#documents-total').textContent = page.total > documents.length ? `The ${documents.length} newest of ${page.total} documents.` : '';
    $('#documents-message').textContent = '';
    await followUploads();
  } catch (error) {
    $('#documents-message').textContent = describe(error);
    if (error.status === 401) return; // signed out: stop polling
  }
  // Poll fast while something moves, slowly otherwise, so an idle portal does not load the server.
  const busy = uploads.size > 0 || documents.some((d) => d.status === 'queued' || d.status === 'processing');
  timer = setTimeout(refreshDocuments, busy ? 1000 : 5000);
}

export function stopRefreshing() {
  clearTimeout(timer);
  resetQueue();
  role = null;
  openFlags.clear();
  flaggedChunks.clear();
}

async function uploadOne(file, collection) {
  const state = el('span', { class: 'upload-state' }, 'uploading 0%');
  const bar = el('progress', { max: 1, value: 0, 'aria-label': `Upload of ${file.name}` });
  const item = el('li', { 'data-file': file.name, 'data-status': 'uploading' }, el('span', { class: 'upload-name', title: file.name }, file.name), bar, state);
  $('#uploads').prepend(item);
  try {
    const doc = await upload(file, collection, (fraction) => {
      bar.value = fraction;
      state.textContent = `uploading ${Math.round(fraction * 100)}%`;
    });
    bar.value = 0;
    item.dataset.status = doc.status;
    item.dataset.id = doc.id;
    state.textContent = doc.duplicate ? `already uploaded · ${statusText(doc)}` : statusText(doc);
    if (doc.status !== 'completed') uploads.set(doc.id, item);
    else bar.value = 1;
  } catch (error) {
    showUploadFailed(item, `failed: ${describe(error)}`);
    announce(`${file.name}: ${describe(error)}`);
  }
}

export async function uploadFiles(fileList) {
  const collection = uploadCollection();
  if (!CollectionName.test(collection)) {
    $('#documents-message').textContent = 'A collection name is 1-64 letters, digits, "_", "." or "-".';
    return;
  }
  const files = [...fileList];
  announce(`Uploading ${files.length} file${files.length === 1 ? '' : 's'} to ${collection}`);
  // Parallel uploads, each with its own progress bar.
  await Promise.all(files.map((file) => uploadOne(file, collection)));
  $('#new-collection').value = '';
  await refreshDocuments();
  $('#collection-select').value = collection;
  await refreshDocuments();
}

async function act(event) {
  const button = event.target.closest('button');
  if (!button) return;
  const { retry, delete: remove, clearFlag, document: flaggedDocument, chunks } = button.dataset;
  if (chunks) {
    await openDocument(chunks);
    return;
  }
  try {
    if (clearFlag) {
      await send('DELETE', `/api/chunks/${encodeURIComponent(clearFlag)}/suspicious`);
      flaggedChunks.delete(flaggedDocument);
      announce('Flag cleared; answers may use the chunk again');
    } else if (remove) {
      const name = button.closest('tr').querySelector('.file-name').textContent;
      if (!window.confirm(`Delete ${name}, its chunks and its index entries?`)) return;
      await send('DELETE', `/api/documents/${encodeURIComponent(remove)}`);
      announce(`Deleted ${name}`);
    } else if (retry) {
      await send('POST', `/api/documents/${encodeURIComponent(retry)}/retry`);
      announce('Queued again');
    } else {
      return;
    }
  } catch (error) {
    $('#documents-message').textContent = describe(error);
  }
  await refreshDocuments();
}

export function wireDocuments() {
  const dropzone = $('#dropzone');
  dropzone.addEventListener('dragover', (e) => { e.preventDefault(); dropzone.classList.add('over'); });
  dropzone.addEventListener('dragleave', () => dropzone.classList.remove('over'));
  dropzone.addEventListener('drop', (e) => { e.preventDefault(); dropzone.classList.remove('over'); uploadFiles(e.dataTransfer.files); });
  dropzone.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); $('#file-input').click(); } });
  $('#file-input').addEventListener('change', (e) => { uploadFiles(e.target.files); e.target.value = ''; });
  $('#collection-select').addEventListener('change', refreshDocuments);
  $('#documents').addEventListener('click', act);
}
