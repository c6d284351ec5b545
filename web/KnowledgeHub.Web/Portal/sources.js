// The Sources panel: connectors with their last run, a form per kind, "Run now" and the per-item errors of a run.
import { describe, getJson, send } from './api.js';
import { $, announce, el } from './dom.js';

let timer = 0;

const list = (text) => (text || '').split(',').map((s) => s.trim()).filter(Boolean);

function settingsFrom(form) {
  const f = form.elements;
  switch (f.kind.value) {
    case 'folder': return { path: f.path.value.trim(), include: list(f.include.value), exclude: list(f.exclude.value) };
    case 'web': {
      const settings = { startUrls: list(f.startUrls.value), sitemaps: list(f.sitemaps.value), allowedPrefixes: list(f.allowedPrefixes.value) };
      if (f.maxPages.value) settings.maxPages = Number(f.maxPages.value);
      if (f.maxDepth.value) settings.maxDepth = Number(f.maxDepth.value);
      return settings;
    }
    default: return { repository: f.repository.value.trim(), branch: f.branch.value.trim() || null, include: list(f.gitInclude.value), exclude: list(f.gitExclude.value) };
  }
}

function describeRun(run) {
  if (!run) return 'never run';
  const counts = `${run.added} added, ${run.updated} updated, ${run.deleted} deleted, ${run.unchanged} unchanged, ${run.failed} failed`;
  const when = new Date(run.finishedAt || run.startedAt).toLocaleString();
  if (run.status === 'failed') return `failed ${when}: ${run.error || 'unknown reason'} (${counts})`;
  return `${run.status} ${when}: ${counts}`;
}

async function showErrors(connector) {
  const box = $('#source-errors');
  box.hidden = false;
  box.replaceChildren(el('p', {}, `Loading the runs of ${connector.name}…`));
  try {
    const { runs } = await getJson(`/api/connectors/${encodeURIComponent(connector.id)}/runs`);
    const run = runs[0];
    const errors = run?.errors || [];
    box.replaceChildren(
      el('h3', {}, `${connector.name}: ${run ? describeRun(run) : 'no runs yet'}`),
      errors.length === 0 ? el('p', { class: 'muted' }, 'No item errors in the last run.')
        : el('ul', {}, ...errors.map((e) => el('li', {}, el('strong', {}, e.uri), ': ', e.error))));
  } catch (error) {
    box.replaceChildren(el('p', { class: 'error' }, describe(error)));
  }
}

async function runNow(connector, button) {
  button.disabled = true;
  try {
    const { runId, alreadyRunning } = await send('POST', `/api/connectors/${encodeURIComponent(connector.id)}/sync`);
    announce(alreadyRunning ? `${connector.name} is already syncing` : `Sync of ${connector.name} started (${runId})`);
    await refreshSources();
  } catch (error) {
    $('#sources-message').textContent = describe(error);
  } finally {
    button.disabled = false;
  }
}

async function remove(connector) {
  if (!window.confirm(`Delete the source ${connector.name} and the documents it brought in?`)) return;
  try {
    await send('DELETE', `/api/connectors/${encodeURIComponent(connector.id)}`);
    announce(`Deleted ${connector.name}`);
    await refreshSources();
  } catch (error) {
    $('#sources-message').textContent = describe(error);
  }
}

function row(connector) {
  const run = connector.lastRun;
  const runButton = el('button', { type: 'button' }, 'Run now');
  runButton.addEventListener('click', () => runNow(connector, runButton));
  const errorsButton = el('button', { type: 'button', class: 'secondary' }, 'Errors');
  errorsButton.addEventListener('click', () => showErrors(connector));
  const deleteButton = el('button', { type: 'button', class: 'secondary' }, 'Delete');
  deleteButton.addEventListener('click', () => remove(connector));
  return el('tr', { 'data-id': connector.id },
    el('td', {}, connector.name),
    el('td', {}, connector.kind),
    el('td', {}, connector.collection),
    el('td', {}, connector.schedule || 'on demand'),
    el('td', { class: run?.status === 'failed' ? 'error' : null }, describeRun(run)),
    el('td', {}, runButton, ' ', errorsButton, ' ', deleteButton));
}

/** Reloads the list; while a run is going it looks again every few seconds. */
export async function refreshSources() {
  clearTimeout(timer);
  try {
    const { connectors } = await getJson('/api/connectors');
    $('#sources tbody').replaceChildren(...connectors.map(row));
    $('#sources-message').textContent = connectors.length === 0 ? 'No sources yet.' : '';
    if (connectors.some((c) => c.lastRun?.status === 'running')) timer = setTimeout(refreshSources, 3000);
  } catch (error) {
    $('#sources tbody').replaceChildren();
    $('#sources-message').textContent = error.status === 403 ? 'This key may not see sources (an ingest or admin key can).' : describe(error);
  }
}

export function stopRefreshingSources() { clearTimeout(timer); }

export function wireSources() {
  $('#source-kind').addEventListener('change', (event) => {
    document.querySelectorAll('#source-form fieldset').forEach((f) => { f.hidden = f.dataset.kind !== event.target.value; });
  });
  $('#source-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = event.target;
    const f = form.elements;
    try {
      await send('POST', '/api/connectors', {
        name: f.name.value.trim(),
        kind: f.kind.value,
        collection: f.collection.value.trim() || null,
        schedule: f.schedule.value.trim() || null,
        settings: settingsFrom(form),
      });
      form.reset();
      $('#source-kind').dispatchEvent(new Event('change'));
      announce('Source added');
      $('#sources-message').textContent = '';
      await refreshSources();
    } catch (error) {
      $('#sources-message').textContent = describe(error);
    }
  });
}
