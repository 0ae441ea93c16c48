/**
 * Keeps the target of an in-page link at the top once the page around it has rendered.
 *
 * Steps and long prose use `content-visibility: auto`: until a block is rendered, the browser lays it
 * out at an estimated height. A jump to a step (from the table of contents, the step list or a shared
 * link) renders the blocks around the target, their real heights replace the estimates, and on wide
 * screens the target ends up hundreds of pixels below where the reader was sent. So the target is
 * put back in place every frame until it has stayed put for a few frames (at most for two seconds),
 * and never again once the reader scrolls, taps or types.
 */
const STILL_FRAMES = 5;
const GIVE_UP_MS = 2000;

function settle(id: string): void {
  const target = document.getElementById(id);
  if (!target) return;
  const started = performance.now();
  let last = Number.NaN;
  let still = 0;
  let stopped = false;
  const stop = () => {
    stopped = true;
  };
  const events = ['wheel', 'touchstart', 'keydown', 'mousedown'] as const;
  for (const name of events) addEventListener(name, stop, { once: true, passive: true });
  const frame = () => {
    const top = target.getBoundingClientRect().top;
    still = Math.abs(top - last) < 1 ? still + 1 : 0;
    last = top;
    if (stopped || still >= STILL_FRAMES || performance.now() - started > GIVE_UP_MS) {
      for (const name of events) removeEventListener(name, stop);
      return;
    }
    target.scrollIntoView({ block: 'start' });
    last = target.getBoundingClientRect().top;
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}

const current = () => decodeURIComponent(location.hash.slice(1));

addEventListener('hashchange', () => settle(current()));
if (location.hash) {
  if (document.readyState === 'complete') settle(current());
  else addEventListener('load', () => settle(current()), { once: true });
}
