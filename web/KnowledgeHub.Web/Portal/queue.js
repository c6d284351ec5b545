// The ingestion queue above the document table: backlog, throughput, drain estimate and stalled documents.
import { getJson } from './api.js';
import { $, el } from './dom.js';

/** Ids of the documents the server reports stalled; their rows offer Retry. */
export const stalledIds = new Set();
let largestBacklog = 0; // the bar shows the backlog drained since it was last this large
let forbidden = false; // an ask key may not read the queue: asked once per sign-in

/** Forgets what the last key saw (sign-out). */
export function resetQueue() {
  forbidden = false;
  largestBacklog = 0;
  stalledIds.clear();
}

function duration(seconds) {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

/** Reads GET /api/ingestion and shows it; hidden for a key that may not read it (ask keys) and when nothing moved in the last hour. */
export async function refreshQueue() {
  const box = $('#ingestion-queue');
  let queue;
  try {
    if (forbidden) throw new Error('forbidden');
    queue = await getJson('/api/ingestion');
  } catch (error) {
    forbidden ||= error.status === 403;
    box.hidden = true;
    stalledIds.clear();
    return;
  }
  stalledIds.clear();
  for (const p of queue.processing) if (p.stalled) stalledIds.add(p.id);
  const backlog = queue.queued + queue.processingCount;
  largestBacklog = backlog === 0 ? 0 : Math.max(largestBacklog, backlog);
  box.hidden = backlog === 0 && queue.completedLastHour === 0 && queue.failedLastHour === 0;
  if (box.hidden) return;
  const t = queue.throughput;
  const figures = el('p', { class: 'queue-figures' },
    `${queue.queued} queued · ${queue.processingCount} processing · ${queue.completedLastHour} completed and ${queue.failedLastHour} failed in the last hour · `
      + `${t.documentsPerSecond.toFixed(2)} documents/s, ${t.chunksPerSecond.toFixed(1)} chunks/s over the last minute`
      + (backlog > 0 ? ` · ${queue.estimatedDrainSeconds == null ? 'drain time unknown' : `about ${duration(queue.estimatedDrainSeconds)} to drain`}` : ''));
  const bar = backlog > 0
    ? el('progress', { max: largestBacklog, value: largestBacklog - backlog, 'aria-label': `Backlog: ${largestBacklog - backlog} of ${largestBacklog} done` })
    : null;
  const stalled = queue.stalled > 0
    ? el('p', { class: 'error', role: 'status' },
      `${queue.stalled} stalled (no progress for over ${duration(queue.stallAfterSeconds)}): `
        + queue.processing.filter((p) => p.stalled).map((p) => `${p.fileName} at ${p.step} for ${duration(p.secondsInStep)}`).join(', ')
        + '. Retry queues one again.')
    : null;
  box.replaceChildren(figures, bar ?? '', stalled ?? '');
}
