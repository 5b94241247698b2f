// How a batch's progress is drawn: the summary and one row per tier. Every view that shows
// progress (the list and a batch) goes through here, so a field the status gains shows up in one
// place.
import { el, table, facts, count, usd, duration } from './dom.js';

/**
 * The per-tier rows of a status: each tier's bar is measured against the tasks that tier has, so
 * every bar stands at 100% when the batch is done, with the producer's ETA for that tier.
 */
export function tierRows(status) {
  return Object.entries(status.tiers || {}).map(([tier, counts]) => {
    const finished = (counts.succeeded || 0) + (counts.failed || 0) + (counts.cancelled || 0);
    return {
      tier,
      finished,
      // The tasks this tier has (routed there, escalated in and out, less those a retry moved away);
      // a producer older than per-tier totals sends none, and the bar falls back to the batch's.
      total: counts.total > 0 ? counts.total : status.total,
      escalatedIn: counts.escalatedIn || 0,
      escalatedOut: counts.escalatedOut || 0,
      succeeded: counts.succeeded || 0,
      failed: counts.failed || 0,
      cancelled: counts.cancelled || 0,
      eta: counts.total > 0 && finished >= counts.total ? 'done' : duration(counts.etaSeconds),
    };
  });
}

/** A progress bar with its numbers as text beside it, named for screen readers. */
export function bar(label, done, total) {
  const percent = total > 0 ? Math.floor((100 * done) / total) : 0;
  return el('span', { class: 'bar' },
    el('progress', { max: Math.max(total, 1), value: done, 'aria-label': label }),
    el('span', { class: 'bar-text' }, percent + '% ' + count(done) + '/' + count(total)));
}

export function tierTable(status) {
  const rows = tierRows(status).map((row) => [
    el('span', { 'data-tier': row.tier }, row.tier),
    bar(row.tier + ' progress', row.finished, row.total),
    count(row.succeeded), count(row.failed), count(row.cancelled),
    count(row.escalatedIn) + ' / ' + count(row.escalatedOut), row.eta,
  ]);
  return table('Progress per tier',
    ['Tier', 'Finished', 'Succeeded', 'Failed', 'Cancelled', 'Escalated in / out', 'ETA'], rows,
    { id: 'tiers', class: 'numbers' });
}

/** Whether the newest run was cancelled or stopped at its team's budget (results may still arrive). */
export function stopped(status) {
  return status.state === 'CANCELLED' || status.state === 'BUDGET_EXCEEDED';
}

/** Whether nothing more will change: completed, or stopped with every task's final result in (as BatchStatus.isSettled). */
export function settled(status) {
  return status.state === 'COMPLETED' || (stopped(status) && status.queued === 0);
}

/**
 * "Come back later": the tasks a batch tier handed to provider batches that have not ended, as
 * the CLI's status says it; null when nothing waits at a provider or the batch has settled.
 */
export function waitingAtProvider(status) {
  const waiting = status.waitingAtProvider;
  if (!waiting || !(waiting.tasks > 0) || settled(status)) {
    return null;
  }
  const batches = waiting.providerBatches === 1 ? '1 provider batch' : count(waiting.providerBatches) + ' provider batches';
  return count(waiting.tasks) + ' tasks waiting in ' + batches + (waiting.expectedBy
    ? ', answered by ' + new Date(waiting.expectedBy).toLocaleString('en')
    : ', not yet accepted by the provider');
}

/**
 * Why a batch has not started: its tasks the router has not routed yet and the tasks of earlier
 * batches the router takes first, as the CLI's status says it; null when all are routed, the batch
 * has settled, or the producer sends no router queue.
 */
export function routerQueue(status) {
  const queue = status.routerQueue;
  if (!queue || !(queue.notRouted > 0) || settled(status)) {
    return null;
  }
  return count(queue.notRouted) + ' tasks not routed yet' + (queue.ahead > 0
    ? ', ' + count(queue.ahead) + ' of earlier batches ahead'
    : ", next in the router's queue");
}

/**
 * Per tier where the batch has tasks not finished, the tasks of earlier batches not finished there
 * ("fast 74,000, quality 0 tasks of earlier batches not finished there"), as the CLI's status says
 * it; null when none are ahead, the batch has settled, or the producer sends no such counts.
 */
export function aheadOnTiers(status) {
  const tiers = Object.entries(status.aheadOnTiers ?? {});
  if (settled(status) || !tiers.some(([, tasks]) => tasks > 0)) {
    return null;
  }
  return tiers.map(([tier, tasks]) => tier + ' ' + count(tasks)).join(', ') + ' tasks of earlier batches not finished there';
}

/**
 * The accepted tasks per priority class, highest first, as the CLI's status says it
 * ("10 interactive, 990 bulk"); null from a producer that sends no counts.
 */
export function priorities(status) {
  const classes = Object.entries(status.priorities ?? {});
  return classes.length === 0 ? null : classes.map(([name, tasks]) => count(tasks) + ' ' + name).join(', ');
}

export function summary(status) {
  const atProvider = waitingAtProvider(status);
  const classes = priorities(status);
  const router = routerQueue(status);
  const ahead = aheadOnTiers(status);
  return facts([
    ['State', el('span', { class: 'state state-' + String(status.state).toLowerCase() }, status.state ?? 'unknown'), 'state'],
    ['Progress', bar('Batch progress', status.finished, status.total), 'progress'],
    ...(atProvider ? [['At provider', atProvider, 'at-provider']] : []),
    ...(router ? [['Router', router, 'router']] : []),
    ...(ahead ? [['Ahead on tiers', ahead, 'ahead-on-tiers']] : []),
    ...(classes ? [['Priority', classes, 'priority']] : []),
    ['Run', status.run, 'run'],
    ['Queued', count(status.queued), 'queued'],
    ['Succeeded', count(status.succeeded), 'succeeded'],
    ['Failed', count(status.failed), 'failed'],
    ['Cancelled', count(status.cancelled), 'cancelled'],
    ...(status.budgetExceeded > 0 ? [['Stopped at budget', count(status.budgetExceeded), 'budget-exceeded']] : []),
    ['Tokens in / out', count(status.inputTokens) + ' / ' + count(status.outputTokens), 'tokens'],
    ['Cost so far', usd(status.costUsd), 'cost'],
    ['Throughput', status.throughputPerSecond ? status.throughputPerSecond.toFixed(1) + ' tasks/s' : 'not known yet', 'throughput'],
    ['ETA', status.queued === 0 ? 'done' : duration(status.etaSeconds), 'eta'],
    ['Accepted', status.acceptedAt ? new Date(status.acceptedAt).toLocaleString('en') : 'not yet', 'accepted'],
  ], { id: 'summary', class: 'summary' });
}
