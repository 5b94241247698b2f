// The refused lines of a submission, exactly as the API reports them.
import { el, table } from '../dom.js';

export function rejectionTable(rejected, rejectedCount) {
  return [
    table('Rejected lines (' + rejectedCount + ')', ['Line', 'Index', 'Task id', 'Field', 'Error'],
      rejected.map((r) => [String(r.line ?? ''), String(r.index ?? ''), r.id ?? '', el('code', {}, r.field ?? ''), r.error]),
      { id: 'rejections' }),
    rejectedCount > rejected.length
      ? el('p', {}, 'The first ' + rejected.length + ' of ' + rejectedCount + ' rejections are listed.') : null,
  ];
}
