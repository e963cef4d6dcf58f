// Cursor pagination for lists the server pages with {items, next}: a stack of the cursors of the
// pages seen, so "previous" goes back without the server paging backwards.

import { h } from './dom.js';

/**
 * The Previous / Next buttons (#PREFIX-prev, #PREFIX-next) and the cursor of the page to show.
 * onPage() is called when a button moves to another page; it loads the page at pager.cursor,
 * calling loading() before and loaded(page) with the answer.
 */
export function cursorPager({ prefix, prevLabel, nextLabel, onPage }) {
  const prev = h('button', { type: 'button', id: `${prefix}-prev`, class: 'btn small' }, prevLabel);
  const next = h('button', { type: 'button', id: `${prefix}-next`, class: 'btn small' }, nextLabel);
  let cursors = [null];
  let pageIndex = 0;
  let nextCursor = null;

  prev.addEventListener('click', () => {
    if (pageIndex > 0) {
      pageIndex--;
      onPage();
    }
  });
  next.addEventListener('click', () => {
    if (nextCursor) {
      cursors[pageIndex + 1] = nextCursor;
      pageIndex++;
      onPage();
    }
  });

  return {
    prev,
    next,
    /** Back to the first page (new filters). */
    reset() {
      cursors = [null];
      pageIndex = 0;
    },
    /** 0 for the first page. */
    index: () => pageIndex,
    /** The cursor to ask for the current page with, null for the first. */
    cursor: () => cursors[pageIndex],
    hasNext: () => !!nextCursor,
    /** Both buttons off while a page loads. */
    loading() {
      prev.disabled = true;
      next.disabled = true;
    },
    /** Takes the server's page: remembers its next cursor, sets the buttons, returns its items. */
    loaded(page) {
      nextCursor = page.next || null;
      prev.disabled = pageIndex === 0;
      next.disabled = !nextCursor;
      return page.items || [];
    },
  };
}
