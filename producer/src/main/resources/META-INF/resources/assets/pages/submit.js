// Submit: choose or drop a JSONL (or JSON) file, see every refused line as the API reports it,
// then follow the new batch.
import { json, paths, batchMediaType, ApiError } from '../api.js';
import { el, alert, batchHref, count, fill } from '../dom.js';
import { rejectionTable } from './rejections.js';

export function submitPage(page) {
  page.title('Submit a batch');
  const file = el('input', { id: 'batch-file', name: 'batch-file', type: 'file', accept: '.jsonl,.ndjson,.json', required: true,
    'aria-describedby': 'batch-file-help' });
  const outcome = el('div', { id: 'submit-outcome', 'aria-live': 'polite' });
  const form = el('form', { id: 'submit-form', class: 'card drop' },
    el('label', { for: 'batch-file' }, 'Batch file'),
    file,
    el('p', { id: 'batch-file-help', class: 'help' },
      'One task per line (JSONL), or {"tasks": [...]} in a .json file. You can also drop the file here.'),
    el('button', { type: 'submit', id: 'submit' }, 'Submit batch'));
  page.main.append(form, outcome);

  form.addEventListener('dragover', (event) => {
    event.preventDefault();
    form.classList.add('dragging');
  });
  form.addEventListener('dragleave', () => form.classList.remove('dragging'));
  form.addEventListener('drop', (event) => {
    event.preventDefault();
    form.classList.remove('dragging');
    if (event.dataTransfer.files.length > 0) {
      file.files = event.dataTransfer.files;
    }
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const chosen = file.files[0];
    if (!chosen) {
      outcome.replaceChildren(alert('Choose a file first.'));
      return;
    }
    outcome.replaceChildren(el('p', { role: 'status' }, 'Submitting ' + chosen.name + '…'));
    try {
      const receipt = await json(paths.batches(), { method: 'POST', contentType: batchMediaType(chosen.name), body: chosen });
      fill(outcome,
        el('p', { role: 'status', id: 'accepted' }, 'Accepted ' + count(receipt.accepted) + ' tasks as batch ',
          el('code', {}, receipt.batchId), receipt.rejectedCount > 0 ? '; ' + count(receipt.rejectedCount) + ' lines were refused.' : '.'),
        el('p', {}, el('a', { href: batchHref(receipt.batchId), id: 'follow' }, 'Follow batch ' + receipt.batchId)),
        receipt.rejectedCount > 0 ? rejectionTable(receipt.rejected, receipt.rejectedCount) : null);
    } catch (error) {
      const problem = error instanceof ApiError ? error.problem : null;
      fill(outcome, alert((problem?.title ? problem.title + ': ' : '') + error.message),
        problem?.rejected ? rejectionTable(problem.rejected, problem.rejectedCount ?? problem.rejected.length) : null);
    }
  });
}
