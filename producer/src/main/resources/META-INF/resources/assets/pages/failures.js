// The failed tasks of a batch: error code, reason and attempt history (which tiers, which outcome).
import { ndjson, paths } from '../api.js';
import { el, table, taskHref, fill } from '../dom.js';

/** Rows shown at most; the download has them all. */
const SHOWN = 200;

export function failedTasks(page, batchId) {
  const body = el('div', { id: 'failed-tasks', 'aria-live': 'polite' });
  const element = el('section', { 'aria-labelledby': 'h-failed' }, el('h2', { id: 'h-failed' }, 'Failed tasks'), body);

  // What the table shows now: an answer equal to it leaves the rows (and a keyboard user's focus) alone.
  let shown = null;

  async function load() {
    const results = await ndjson(paths.results(batchId, { status: 'failed' }), { signal: page.signal });
    const answer = JSON.stringify(results);
    if (answer === shown) {
      return;
    }
    shown = answer;
    if (results.length === 0) {
      body.replaceChildren(el('p', { id: 'no-failures' }, 'No task of the newest run has failed.'));
      return;
    }
    const rows = results.slice(0, SHOWN).map((r) => [
      el('a', { href: taskHref(batchId, r.taskId), class: 'mono' }, r.taskId),
      el('code', { class: 'error-code' }, r.error?.code ?? ''),
      el('span', { class: 'reason' }, r.error?.message ?? ''),
      history(r.history),
      String(r.run),
    ]);
    fill(body,
      table('Tasks whose newest run failed', ['Task', 'Error', 'Reason', 'Attempts', 'Run'], rows, { id: 'failures' }),
      results.length > SHOWN ? el('p', {}, 'Showing ' + SHOWN + ' of ' + results.length + '; download the results for all.') : null);
  }

  return { element, load };
}

/** "fast: OUTPUT_REJECTED → quality: SUCCEEDED" as a list. */
export function history(attempts) {
  return el('ol', { class: 'history' }, (attempts || []).map((a) =>
    el('li', {}, el('span', { class: 'tier' }, a.tier), ': ', el('code', {}, a.outcome))));
}
