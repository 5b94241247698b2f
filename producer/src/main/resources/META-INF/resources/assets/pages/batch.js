// A batch: live progress per tier from the event stream (no polling), the completions chart, the
// failed tasks, and the actions: retry, cancel, download.
import { json, follow, paths, ApiError } from '../api.js';
import { el, alert, notFoundView } from '../dom.js';
import { summary, tierTable } from '../progress.js';
import { CompletionChart } from '../chart.js';
import { failedTasks } from './failures.js';
import { batchActions } from './actions.js';

export async function batchPage(page, batchId) {
  let status;
  try {
    status = await json(paths.batch(batchId), { signal: page.signal });
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      notFoundView(page, 'Batch not found', 'Your team has no batch with this id.');
      return;
    }
    throw error;
  }
  page.title('Batch ' + batchId);
  const live = el('p', { id: 'live', role: 'status' });
  const summaryBox = el('section', { 'aria-labelledby': 'h-summary' }, el('h2', { id: 'h-summary' }, 'Summary'));
  const tiersBox = el('section', { 'aria-labelledby': 'h-tiers' }, el('h2', { id: 'h-tiers' }, 'Tiers'));
  const figure = el('div', { id: 'chart', role: 'img', class: 'chart' });
  const chartBox = el('section', { 'aria-labelledby': 'h-chart' },
    el('h2', { id: 'h-chart' }, 'Completions over time'), figure);
  const failures = failedTasks(page, batchId);
  const chart = new CompletionChart(figure);
  page.signal.addEventListener('abort', () => chart.destroy());

  const actions = batchActions(page, batchId, () => status, {
    rerun: () => followLive(),
  });
  page.main.append(live, summaryBox, tiersBox, actions.element, chartBox, failures.element);

  function render(next) {
    const failedChanged = !status || next.failed !== status.failed || next.run !== status.run;
    status = next;
    summaryBox.replaceChildren(summaryBox.firstChild, summary(status));
    tiersBox.replaceChildren(tiersBox.firstChild, tierTable(status));
    actions.update(status);
    return failedChanged;
  }

  async function refreshDetails() {
    const [timeline] = await Promise.all([json(paths.timeline(batchId), { signal: page.signal }), failures.load()]);
    chart.load(timeline);
  }

  async function followLive() {
    live.textContent = 'Live: following progress as results arrive.';
    try {
      await follow(paths.events(batchId), (name, next) => {
        const failedChanged = render(next);
        chart.extend(next);
        if (name === 'done' || failedChanged) {
          failures.load().catch(() => {});
        }
      }, page.signal);
      live.textContent = 'Finished: ' + String(status.state).toLowerCase() + '.';
      await refreshDetails();
    } catch (error) {
      if (!page.signal.aborted) {
        live.replaceChildren(alert('Live progress stopped: ' + error.message + '. Reload the page to resume.'));
      }
    }
  }

  render(status);
  await refreshDetails();
  followLive();
}
