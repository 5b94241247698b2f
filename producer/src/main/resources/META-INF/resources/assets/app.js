// The web view: one static page whose views are chosen by the #fragment, so batch and task ids
// never reach a server log, and every piece of data comes from the REST API with the tab's key.
import { session, call, ApiError, paths } from './api.js';
import { el, alert } from './dom.js';
import { batchesPage } from './pages/batches.js';
import { batchPage } from './pages/batch.js';
import { taskPage } from './pages/task.js';
import { submitPage } from './pages/submit.js';
import { previewPage } from './pages/preview.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
let current = null;

const routes = [
  [/^#\/batches\/([^/]+)\/tasks\/(.+)$/, (m, page) => taskPage(page, decodeURIComponent(m[1]), decodeURIComponent(m[2]))],
  [/^#\/batches\/([^/]+)$/, (m, page) => batchPage(page, decodeURIComponent(m[1]))],
  [/^#\/submit$/, (m, page) => submitPage(page)],
  [/^#\/preview$/, (m, page) => previewPage(page)],
  [/^(#\/?(batches)?)?$/, (m, page) => batchesPage(page)],
];

/** What a view gets: where to draw, a signal that aborts its streams when the person leaves, a title setter. */
function newPage() {
  const controller = new AbortController();
  return {
    main,
    signal: controller.signal,
    abort: () => controller.abort(),
    title: (text) => {
      document.title = text + ' · taskfleet';
      const heading = el('h1', { tabindex: '-1' }, text);
      main.replaceChildren(heading);
      return heading;
    },
  };
}

async function show() {
  if (current) {
    current.abort();
  }
  const page = newPage();
  current = page;
  nav.hidden = !session.key();
  if (!session.key()) {
    signInPage(page);
    return;
  }
  const hash = location.hash;
  const route = routes.find(([pattern]) => pattern.test(hash));
  try {
    if (route) {
      await route[1](hash.match(route[0]), page);
    } else {
      page.title('Page not found');
      main.append(el('p', {}, 'There is no such page. ', el('a', { href: '#/batches' }, 'Back to your batches')));
    }
  } catch (error) {
    if (error.name === 'AbortError' || page.signal.aborted) {
      return;
    }
    main.append(alert(error instanceof ApiError ? error.problem.title + ': ' + error.message : String(error)));
  }
  // Moving focus to the new heading tells a screen reader the view changed.
  main.querySelector('h1')?.focus();
}

function signInPage(page) {
  page.title('Sign in');
  const input = el('input', { id: 'api-key', name: 'api-key', type: 'password', autocomplete: 'off', required: true,
    'aria-describedby': 'api-key-help' });
  const message = el('div', { id: 'sign-in-message' });
  const form = el('form', { id: 'sign-in', class: 'card' },
    el('label', { for: 'api-key' }, 'API key'),
    input,
    el('p', { id: 'api-key-help', class: 'help' },
      'Your team\'s key, as the CLI uses it. It is kept for this browser tab only and sent only to this server.'),
    el('button', { type: 'submit' }, 'Sign in'),
    message);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const key = input.value.trim();
    try {
      await call(paths.batches({ limit: 1 }), { key });
    } catch (error) {
      message.replaceChildren(alert(error instanceof ApiError && error.status === 401
        ? 'That API key was not accepted. Check it and try again.'
        : 'Could not sign in: ' + error.message));
      input.focus();
      return;
    }
    session.signIn(key);
    show();
  });
  main.append(form);
  input.focus();
}

document.getElementById('sign-out').addEventListener('click', () => {
  session.signOut();
  location.hash = '#/batches';
  show();
});
window.addEventListener('taskfleet:unauthorized', () => {
  session.signOut();
  show();
});
window.addEventListener('hashchange', show);
show();
