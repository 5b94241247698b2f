// Batches: the team's batches, newest first, a page at a time, filtered by state.
import { json, paths } from '../api.js';
import { el, table, alert, batchHref, usd, count, age } from '../dom.js';
import { bar } from '../progress.js';

const PAGE_SIZE = 20;
const STATES = [['', 'All'], ['running', 'Running'], ['completed', 'Completed'], ['cancelled', 'Cancelled'],
  ['budget_exceeded', 'Stopped at budget']];

export async function batchesPage(page) {
  page.title('Batches');
  const state = el('select', { id: 'state-filter', name: 'state' },
    STATES.map(([value, label]) => el('option', { value }, label)));
  const filter = el('form', { class: 'toolbar', id: 'batch-filter' },
    el('label', { for: 'state-filter' }, 'State'), state);
  const list = el('div', { id: 'batch-list', 'aria-live': 'polite' });
  page.main.append(filter, list);

  // Cursors of the pages before the one shown, so "Newer" can go back.
  const earlier = [];
  let cursor = null;

  async function load() {
    const query = { limit: PAGE_SIZE };
    if (cursor) {
      query.cursor = cursor;
    }
    if (state.value) {
      query.state = state.value;
    }
    const result = await json(paths.batches(query), { signal: page.signal });
    list.replaceChildren(...render(result));
    const newer = list.querySelector('#newer');
    const older = list.querySelector('#older');
    newer?.addEventListener('click', () => {
      cursor = earlier.pop() ?? null;
      load().catch(show);
    });
    older?.addEventListener('click', () => {
      earlier.push(cursor);
      cursor = result.nextCursor;
      load().catch(show);
    });
  }

  function render(result) {
    if (result.batches.length === 0) {
      return [el('p', { id: 'no-batches' }, state.value ? 'No ' + state.value + ' batches.' : 'No batches yet. ',
        el('a', { href: '#/submit' }, 'Submit one'))];
    }
    const rows = result.batches.map((b) => [
      el('a', { href: batchHref(b.batchId), class: 'mono' }, b.batchId),
      el('span', { class: 'state state-' + String(b.state).toLowerCase() }, b.state ?? 'unknown'),
      bar('Progress of batch ' + b.batchId, b.finished, b.total),
      count(b.failed),
      usd(b.costUsd),
      el('time', { datetime: b.acceptedAt ?? '' }, age(b.acceptedAt)),
    ]);
    return [
      table('Your team\'s batches, newest first', ['Batch', 'State', 'Progress', 'Failed', 'Cost', 'Age'], rows,
        { id: 'batches', class: 'numbers' }),
      el('div', { class: 'pager' },
        earlier.length > 0 ? el('button', { type: 'button', id: 'newer' }, 'Newer batches') : null,
        result.nextCursor ? el('button', { type: 'button', id: 'older' }, 'Older batches') : null),
    ];
  }

  function show(error) {
    if (!page.signal.aborted) {
      list.replaceChildren(alert('Could not load the batches: ' + error.message));
    }
  }

  state.addEventListener('change', () => {
    earlier.length = 0;
    cursor = null;
    load().catch(show);
  });
  filter.addEventListener('submit', (event) => event.preventDefault());
  await load();
}
