// What a person can do to a batch: re-run its failures (optionally on a named tier), cancel it,
// download its results. Each action is a fetch with the tab's key, after a confirmation.
import { call, json, paths, ApiError } from '../api.js';
import { el, alert, confirmDialog, count } from '../dom.js';
import { settled, stopped } from '../progress.js';

export function batchActions(page, batchId, currentStatus, { rerun }) {
  // Any of the fleet's tiers may be named (the API refuses an unknown one with a clear message); the
  // tiers this batch ran on are offered as suggestions, the page has no list of the fleet's tiers.
  const suggestions = el('datalist', { id: 'retry-tiers' });
  const tier = el('input', { id: 'retry-tier', name: 'tier', type: 'text', list: 'retry-tiers', autocomplete: 'off',
    'aria-describedby': 'retry-tier-help' });
  const retry = el('button', { type: 'submit', id: 'retry' }, 'Retry failed tasks');
  const cancel = el('button', { type: 'button', id: 'cancel', class: 'danger' }, 'Cancel batch');
  const download = el('button', { type: 'button', id: 'download' }, 'Download results (JSONL)');
  const message = el('div', { id: 'action-message', 'aria-live': 'polite' });
  const retryForm = el('form', { id: 'retry-form', class: 'toolbar' },
    el('label', { for: 'retry-tier' }, 'Re-run on tier'), tier, suggestions, retry,
    el('span', { id: 'retry-tier-help', class: 'help' }, 'Empty: routed again as submitted (each task keeps its own tier hint).'));
  const element = el('section', { 'aria-labelledby': 'h-actions' }, el('h2', { id: 'h-actions' }, 'Actions'),
    retryForm, el('div', { class: 'toolbar' }, cancel, download), message);

  retryForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const status = currentStatus();
    const chosen = tier.value.trim();
    const on = chosen ? ' on tier ' + chosen : '';
    const budgetStopped = status.budgetExceeded || 0;
    const what = budgetStopped > 0 ? ' failed or budget-stopped tasks' : ' failed tasks';
    if (!(await confirmDialog('Re-run the ' + count(status.failed + budgetStopped) + what + ' of this batch' + on + '?', 'Retry'))) {
      return;
    }
    try {
      const receipt = await json(paths.retry(batchId), {
        method: 'POST', contentType: 'application/json', body: JSON.stringify(chosen ? { tier: chosen } : {}),
      });
      message.replaceChildren(el('p', { role: 'status' },
        'Run ' + receipt.run + ' started: ' + count(receipt.resubmitted) + ' tasks published again.'));
      rerun();
    } catch (error) {
      message.replaceChildren(alert('Retry refused: ' + explain(error)));
    }
  });

  cancel.addEventListener('click', async () => {
    if (!(await confirmDialog('Cancel this batch? Tasks that have not started will not run.', 'Cancel batch'))) {
      cancel.focus();
      return;
    }
    try {
      await json(paths.cancel(batchId), { method: 'POST' });
      message.replaceChildren(el('p', { role: 'status' }, 'Cancelled. Tasks already running finish; the rest end as CANCELLED.'));
    } catch (error) {
      message.replaceChildren(alert('Cancel refused: ' + explain(error)));
    }
  });

  download.addEventListener('click', async () => {
    // A plain link cannot carry the key; fetch the results and hand them to the browser as a file.
    try {
      const blob = await (await call(paths.results(batchId), { accept: 'application/x-ndjson', signal: page.signal })).blob();
      const url = URL.createObjectURL(blob);
      const link = el('a', { download: 'results-' + batchId + '.jsonl' });
      link.href = url;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
      message.replaceChildren(el('p', { role: 'status' }, 'Results downloaded.'));
    } catch (error) {
      message.replaceChildren(alert('Download failed: ' + explain(error)));
    }
  });

  function update(status) {
    retry.disabled = !(settled(status) && (status.failed > 0 || status.budgetExceeded > 0));
    cancel.disabled = settled(status) || stopped(status);
    const seen = Object.keys(status.tiers || {});
    if (seen.join() !== [...suggestions.options].map((o) => o.value).join()) {
      suggestions.replaceChildren(...seen.map((t) => el('option', { value: t })));
    }
  }

  return { element, update };
}

function explain(error) {
  return error instanceof ApiError ? error.message : String(error);
}
