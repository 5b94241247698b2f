// Route preview: the tier each task would get and why, from the router's live policy, without
// submitting anything.
import { json, paths, batchMediaType, ApiError } from '../api.js';
import { el, table, alert } from '../dom.js';

export function previewPage(page) {
  page.title('Route preview');
  const tasks = el('textarea', { id: 'preview-tasks', name: 'tasks', rows: 8, spellcheck: 'false',
    'aria-describedby': 'preview-help' });
  const file = el('input', { id: 'preview-file', name: 'preview-file', type: 'file', accept: '.jsonl,.ndjson,.json' });
  const outcome = el('div', { id: 'preview-outcome', 'aria-live': 'polite' });
  const form = el('form', { id: 'preview-form', class: 'card' },
    el('label', { for: 'preview-tasks' }, 'Tasks'),
    tasks,
    el('p', { id: 'preview-help', class: 'help' },
      'Paste tasks as you would submit them (one JSON object per line), or load a file. Nothing is submitted.'),
    el('label', { for: 'preview-file' }, 'Or load a file'),
    file,
    el('button', { type: 'submit', id: 'preview' }, 'Preview routing'));
  page.main.append(form, outcome);

  let mediaType = 'application/x-ndjson';
  file.addEventListener('change', async () => {
    if (file.files[0]) {
      tasks.value = await file.files[0].text();
      mediaType = batchMediaType(file.files[0].name);
    }
  });
  tasks.addEventListener('input', () => {
    mediaType = tasks.value.trimStart().startsWith('{"tasks"') || tasks.value.trimStart().startsWith('[')
      ? 'application/json' : 'application/x-ndjson';
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const preview = await json(paths.preview(), { method: 'POST', contentType: mediaType, body: tasks.value });
      outcome.replaceChildren(table('Where each task would go', ['Task', 'Type', 'Tier', 'Rule', 'Score', 'Why'],
        preview.tasks.map((t) => [el('span', { class: 'mono' }, t.id), t.type, el('strong', { class: 'tier' }, t.tier),
          el('code', {}, t.rule), t.score.toFixed(2), t.explanation]), { id: 'routes' }));
    } catch (error) {
      outcome.replaceChildren(alert(error instanceof ApiError ? error.problem.title + ': ' + error.message : String(error)));
    }
  });
}
