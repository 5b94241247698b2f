// How a batch's progress is drawn: the summary and one row per tier. Every view that shows
// progress (the list and a batch) goes through here, so a field the status gains shows up in one
// place.
import { el, table, facts, count, usd, duration } from './dom.js';

/**
 * The per-tier rows of a status. Today a status says how many tasks each tier finished, not how
 * many it was given, so every tier's bar is measured against the batch's total; per-tier totals
 * and ETAs, once the status carries them, become each row's `total` and `etaSeconds` here.
 */
export function tierRows(status) {
  return Object.entries(status.tiers || {}).map(([tier, counts]) => ({
    tier,
    finished: (counts.succeeded || 0) + (counts.failed || 0) + (counts.cancelled || 0),
    total: status.total,
    succeeded: counts.succeeded || 0,
    failed: counts.failed || 0,
    cancelled: counts.cancelled || 0,
  }));
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
  ]);
  return table('Progress per tier', ['Tier', 'Finished', 'Succeeded', 'Failed', 'Cancelled'], rows,
    { id: 'tiers', class: 'numbers' });
}

export function summary(status) {
  return facts([
    ['State', el('span', { class: 'state state-' + String(status.state).toLowerCase() }, status.state ?? 'unknown'), 'state'],
    ['Progress', bar('Batch progress', status.finished, status.total), 'progress'],
    ['Run', status.run, 'run'],
    ['Queued', count(status.queued), 'queued'],
    ['Succeeded', count(status.succeeded), 'succeeded'],
    ['Failed', count(status.failed), 'failed'],
    ['Cancelled', count(status.cancelled), 'cancelled'],
    ['Tokens in / out', count(status.inputTokens) + ' / ' + count(status.outputTokens), 'tokens'],
    ['Cost so far', usd(status.costUsd), 'cost'],
    ['Throughput', status.throughputPerSecond ? status.throughputPerSecond.toFixed(1) + ' tasks/s' : 'not known yet', 'throughput'],
    ['ETA', status.queued === 0 ? 'done' : duration(status.etaSeconds), 'eta'],
    ['Accepted', status.acceptedAt ? new Date(status.acceptedAt).toLocaleString('en') : 'not yet', 'accepted'],
  ], { id: 'summary', class: 'summary' });
}
