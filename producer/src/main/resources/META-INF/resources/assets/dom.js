// Building the page from data. Prompts, outputs, error messages and even task ids are untrusted
// text: they only ever become Text nodes (append of a string) or attribute values, never markup.
// Nothing in this view assigns innerHTML.

/** Creates an element: attributes from an object (on* keys are listeners), children as nodes or text. */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (name.startsWith('on')) {
      node.addEventListener(name.slice(2), value);
    } else if (name === 'href' && !isSameOriginPath(String(value))) {
      // Links are built from ids by this code, never taken from data; refuse anything else.
      throw new Error('refusing link target ' + value);
    } else {
      node.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(node, children);
  return node;
}

/** Adds children to a node with el()'s rules: arrays are flattened, null and false are left out. */
export function add(node, ...children) {
  append(node, children);
  return node;
}

/** Replaces a node's children, with el()'s rules. */
export function fill(node, ...children) {
  node.replaceChildren();
  return add(node, ...children);
}

function isSameOriginPath(href) {
  return href.startsWith('#') || (href.startsWith('/') && !href.startsWith('//'));
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child !== null && child !== undefined && child !== false) {
      node.append(child instanceof Node ? child : String(child));
    }
  }
}

/** A table with a caption, column headers and rows of cells (each a node or text). */
export function table(caption, headers, rows, attributes = {}) {
  return el('table', attributes,
    el('caption', {}, caption),
    el('thead', {}, el('tr', {}, headers.map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, rows.map((cells) => el('tr', {}, cells.map((c) => el('td', {}, c))))));
}

/** A description list from [term, value] pairs, each value given a data-field for tests and styling. */
export function facts(pairs, attributes = {}) {
  return el('dl', attributes, pairs.map(([term, value, field]) =>
    [el('dt', {}, term), el('dd', { 'data-field': field }, value)]));
}

/** A message a screen reader announces at once. */
export function alert(text) {
  return el('p', { role: 'alert', class: 'alert' }, text);
}

/**
 * The view for a batch or task the API answered 404 for. Another team's batch and one that does not
 * exist get the same view, as in the API, and the id is not repeated.
 */
export function notFoundView(page, title, text) {
  page.title(title);
  page.main.append(el('p', { id: 'not-found' }, text + ' ', el('a', { href: '#/batches' }, 'Back to your batches')));
}

/** The link to a batch's page. */
export function batchHref(batchId) {
  return '#/batches/' + encodeURIComponent(batchId);
}

/** The link to a task's page. */
export function taskHref(batchId, taskId) {
  return batchHref(batchId) + '/tasks/' + encodeURIComponent(taskId);
}

export function usd(value) {
  return '$' + Number(value || 0).toFixed(4);
}

export function count(value) {
  return Number(value || 0).toLocaleString('en');
}

/** "42 s", "3 min", "2 h 5 min" */
export function duration(seconds) {
  if (seconds === null || seconds === undefined) {
    return 'unknown';
  }
  const s = Math.round(seconds);
  if (s < 90) {
    return s + ' s';
  }
  if (s < 5400) {
    return Math.round(s / 60) + ' min';
  }
  return Math.floor(s / 3600) + ' h ' + Math.round((s % 3600) / 60) + ' min';
}

/** How long ago an ISO instant was, e.g. "5 min ago". */
export function age(iso) {
  if (!iso) {
    return 'not accepted yet';
  }
  return duration(Math.max(0, (Date.now() - Date.parse(iso)) / 1000)) + ' ago';
}

/** A confirmation as a modal dialog; resolves true when the person confirms. */
export function confirmDialog(question, confirmLabel) {
  return new Promise((resolve) => {
    const dialog = el('dialog', { 'aria-labelledby': 'confirm-question', class: 'confirm' },
      el('p', { id: 'confirm-question' }, question),
      el('form', { method: 'dialog' },
        el('button', { value: 'no', id: 'confirm-no' }, 'Keep it as it is'),
        el('button', { value: 'yes', id: 'confirm-yes', class: 'danger' }, confirmLabel)));
    dialog.addEventListener('close', () => {
      resolve(dialog.returnValue === 'yes');
      dialog.remove();
    });
    document.body.append(dialog);
    dialog.showModal();
    dialog.querySelector('#confirm-no').focus();
  });
}
