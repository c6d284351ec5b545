'use strict';
// The portal talks to the same JSON API as every other client; nothing here is privileged.
const $ = (selector) => document.querySelector(selector);
const escapeHtml = (text) => String(text ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));

async function problemText(response) {
  try {
    const problem = await response.json();
    return problem.detail || problem.title || response.statusText;
  } catch {
    return response.statusText;
  }
}

async function uploadFiles(files) {
  const collection = $('#collection').value.trim();
  for (const file of files) {
    const item = document.createElement('li');
    item.textContent = `Uploading ${file.name}…`;
    $('#upload-log').prepend(item);
    const form = new FormData();
    form.append('file', file);
    if (collection) form.append('collection', collection);
    const response = await fetch('/api/documents', { method: 'POST', body: form });
    item.textContent = response.ok
      ? `${file.name}: accepted${(await response.json()).duplicate ? ' (already uploaded)' : ''}`
      : `${file.name}: ${await problemText(response)}`;
    refreshDocuments();
  }
}

function statusCell(doc) {
  let text = doc.status;
  if (doc.status === 'processing' && doc.progress) {
    text += ` · ${doc.progress.step ?? ''}${doc.progress.total ? ` ${doc.progress.done}/${doc.progress.total}` : ''}`;
  }
  const error = doc.error ? `<div class="error">${escapeHtml(doc.error)}</div>` : '';
  return `<span class="status status-${doc.status}">${escapeHtml(text)}</span>${error}`;
}

async function refreshDocuments() {
  const response = await fetch('/api/documents');
  if (!response.ok) return;
  const { documents } = await response.json();
  $('#documents tbody').innerHTML = documents.map((doc) => `
    <tr data-id="${escapeHtml(doc.id)}" data-status="${escapeHtml(doc.status)}">
      <td>${escapeHtml(doc.fileName)}${doc.version > 1 ? ` <small>v${doc.version}</small>` : ''}</td>
      <td>${escapeHtml(doc.collection)}</td>
      <td>${statusCell(doc)}</td>
      <td>${doc.chunkCount ?? ''}</td>
      <td>${doc.status === 'failed' ? `<button class="secondary" data-retry="${escapeHtml(doc.id)}">Retry</button>` : ''}
          <button class="secondary" data-delete="${escapeHtml(doc.id)}">Delete</button></td>
    </tr>`).join('');
}

function renderAnswer(answer) {
  const target = $('#answer');
  $('#citation').hidden = true;
  if (!answer.found) {
    target.innerHTML = `<span class="not-found">${escapeHtml(answer.answer)}</span>`;
    return;
  }
  const byNumber = new Map(answer.citations.map((c) => [c.number, c]));
  target.innerHTML = escapeHtml(answer.answer).replace(/\[(\d+)\]/g, (marker, n) =>
    byNumber.has(Number(n)) ? `<button class="cite" data-cite="${n}">${n}</button>` : marker);
  target.querySelectorAll('[data-cite]').forEach((button) =>
    button.addEventListener('click', () => showCitation(byNumber.get(Number(button.dataset.cite)))));
}

function showCitation(citation) {
  const box = $('#citation');
  const page = citation.page ? `, page ${citation.page}` : '';
  const version = citation.version > 1 ? ` (version ${citation.version})` : '';
  box.innerHTML = `<div class="source">[${citation.number}] ${escapeHtml(citation.fileName)}${version}${page}</div><mark>${escapeHtml(citation.quote)}</mark>`;
  box.hidden = false;
}

async function ask(event) {
  event.preventDefault();
  const question = $('#question').value.trim();
  if (!question) return;
  $('#ask-button').disabled = true;
  $('#answer').textContent = 'Thinking…';
  try {
    const collection = $('#collection').value.trim();
    const response = await fetch('/api/ask', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ question, collection: collection === 'default' ? null : collection || null }),
    });
    if (!response.ok) {
      $('#answer').textContent = await problemText(response);
      return;
    }
    renderAnswer(await response.json());
  } finally {
    $('#ask-button').disabled = false;
  }
}

const dropzone = $('#dropzone');
dropzone.addEventListener('dragover', (e) => { e.preventDefault(); dropzone.classList.add('over'); });
dropzone.addEventListener('dragleave', () => dropzone.classList.remove('over'));
dropzone.addEventListener('drop', (e) => { e.preventDefault(); dropzone.classList.remove('over'); uploadFiles(e.dataTransfer.files); });
$('#file-input').addEventListener('change', (e) => uploadFiles(e.target.files));
$('#ask-form').addEventListener('submit', ask);
$('#documents').addEventListener('click', async (e) => {
  const id = e.target.dataset.delete ?? e.target.dataset.retry;
  if (!id) return;
  if (e.target.dataset.delete) await fetch(`/api/documents/${encodeURIComponent(id)}`, { method: 'DELETE' });
  else await fetch(`/api/documents/${encodeURIComponent(id)}/retry`, { method: 'POST' });
  refreshDocuments();
});
refreshDocuments();
setInterval(refreshDocuments, 2000);
