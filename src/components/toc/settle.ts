/**
 * Keeps the target of an in-page link at the top once the page around it has rendered.
 *
 * Steps and long prose use `content-visibility: auto`: until a block is rendered, the browser lays it
 * out at an estimated height. A jump to a step (from the table of contents, the step list or a shared
 * link) renders the blocks around the target, their real heights replace the estimates, and on wide
 * screens the target ends up hundreds of pixels below where the reader was sent. Once those blocks
 * have rendered, the target is scrolled into place again; three frames are enough for them to settle.
 */
function settle(id: string): void {
  const target = document.getElementById(id);
  if (!target) return;
  let frames = 0;
  const place = () => {
    target.scrollIntoView({ block: 'start' });
    frames += 1;
    if (frames < 3) requestAnimationFrame(() => requestAnimationFrame(place));
  };
  requestAnimationFrame(() => requestAnimationFrame(place));
}

const current = () => decodeURIComponent(location.hash.slice(1));

addEventListener('hashchange', () => settle(current()));
if (location.hash) {
  if (document.readyState === 'complete') settle(current());
  else addEventListener('load', () => settle(current()), { once: true });
}
