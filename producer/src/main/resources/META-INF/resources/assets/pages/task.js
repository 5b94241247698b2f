// A task: its prompt as submitted, its outcome and output, the routing explanation and every model
// call. Prompt and output are shown as text in <pre>, whatever they contain.
import { json, ndjson, paths, ApiError } from '../api.js';
import { el, add, table, facts, batchHref, usd, count, notFoundView } from '../dom.js';

/** Facts in two columns, as in a batch's summary. */
const FACTS = { class: 'summary' };

export async function taskPage(page, batchId, taskId) {
  let task;
  let results;
  try {
    [task, results] = await Promise.all([
      json(paths.task(batchId, taskId), { signal: page.signal }),
      ndjson(paths.results(batchId, { task: taskId }), { signal: page.signal }),
    ]);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      notFoundView(page, 'Task not found', 'Your team has no such task in this batch.');
      return;
    }
    throw error;
  }
  page.title('Task ' + taskId);
  const result = results[0];
  add(page.main,
    el('p', {}, el('a', { href: batchHref(batchId) }, 'Back to batch ' + batchId)),
    section('Prompt', 'prompt',
      facts([['Type', task.type, 'type'], ['Tier hint', task.tierHint ?? 'none', 'tier-hint'],
        ['Labels', Object.entries(task.labels).map(([k, v]) => k + '=' + v).join(', ') || 'none', 'labels']], FACTS),
      el('pre', { id: 'prompt', class: 'text' }, task.prompt)),
    result ? outcome(result) : section('Outcome', 'outcome', el('p', { id: 'no-result' }, 'No result yet: the task is still queued or running.')));
}

function section(title, id, ...children) {
  return el('section', { 'aria-labelledby': 'h-' + id }, el('h2', { id: 'h-' + id }, title), ...children);
}

function outcome(result) {
  const routing = result.routing;
  return [
    section('Outcome', 'outcome',
      facts([
        ['Status', result.status, 'status'], ['Tier', result.tier, 'tier'], ['Model', result.model, 'model'],
        ['Run', result.run, 'run'], ['Model calls', result.attempts, 'attempts'],
        ['Tokens in / out', count(result.inputTokens) + ' / ' + count(result.outputTokens), 'tokens'],
        ['Cost', usd(result.costUsd), 'cost'],
      ], FACTS),
      result.error ? el('p', { id: 'error' }, el('code', { class: 'error-code' }, result.error.code), ' ',
        el('span', { class: 'reason' }, result.error.message)) : null,
      result.output !== undefined && result.output !== null
        ? [el('h3', {}, 'Output'), el('pre', { id: 'output', class: 'text' }, result.output)] : null),
    routing ? section('Routing', 'routing',
      facts([['Rule', routing.rule, 'rule'], ['Score', routing.score, 'score'], ['Why', routing.reason, 'reason']], FACTS),
      Object.keys(routing.features || {}).length > 0
        ? table('Features behind the decision', ['Feature', 'Value'],
          Object.entries(routing.features).map(([name, value]) => [name, String(value)]), { class: 'numbers' })
        : null) : null,
    section('Attempt history', 'history',
      table('Every model call, oldest first', ['#', 'Tier', 'Model', 'Outcome', 'Detail', 'Latency', 'Tokens', 'Cost'],
        (result.history || []).map((a, i) => [String(i + 1), a.tier, a.model ?? '', el('code', {}, a.outcome),
          a.detail ?? '', a.latencyMs + ' ms', count(a.inputTokens) + ' / ' + count(a.outputTokens), usd(a.costUsd)]),
        { id: 'attempts' })),
  ];
}
