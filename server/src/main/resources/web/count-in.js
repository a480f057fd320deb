// "Chorus in 3…": what is scheduled next and how many beats until it, for both pages.

import { num } from './connection.js';

/** The next pending change and the beats until it, as people say it; '' when none is due. */
export function countIn(timeline, beatNow) {
  const next = timeline.pending[0];
  if (!next) return '';
  const left = Math.ceil(num(next.effectiveBeat) - beatNow - 1e-6);
  const what = next.description || 'change';
  if (left <= 0) return 'Now: ' + what;
  return 'Next: ' + what + ' in ' + left + (left === 1 ? ' beat' : ' beats');
}
