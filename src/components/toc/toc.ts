/**
 * Highlights the table-of-contents entry of the section being read.
 *
 * Starlight's own script observes every block of the article with an
 * IntersectionObserver; on a lab article (hundreds of highlighted code lines)
 * that costs ~300 ms of main-thread time at page load under Lighthouse's mobile
 * throttling. This one reads only the positions of the linked headings, once per
 * animation frame while scrolling.
 */
class LabToc extends HTMLElement {
  private links: HTMLAnchorElement[] = [];
  private headings: HTMLElement[] = [];
  private scheduled = false;

  connectedCallback(): void {
    const start = () => this.init();
    if ('requestIdleCallback' in window) window.requestIdleCallback(start);
    else setTimeout(start, 1);
  }

  private init(): void {
    for (const link of this.querySelectorAll<HTMLAnchorElement>('a[href^="#"]')) {
      const heading = document.getElementById(decodeURIComponent(link.hash.slice(1)));
      if (heading) {
        this.links.push(link);
        this.headings.push(heading);
      }
    }
    const details = this.querySelector('details');
    if (details) this.closeOnLeave(details);
    window.addEventListener('scroll', () => this.schedule(), { passive: true });
    window.addEventListener('resize', () => this.schedule(), { passive: true });
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    requestAnimationFrame(() => {
      this.scheduled = false;
      this.update();
    });
  }

  private update(): void {
    const header = document.querySelector('header')?.getBoundingClientRect().height ?? 0;
    const line = header + (this.querySelector('summary')?.getBoundingClientRect().height ?? 0) + 32;
    let current = 0;
    for (const [index, heading] of this.headings.entries()) {
      if (heading.getBoundingClientRect().top > line) break;
      current = index;
    }
    for (const [index, link] of this.links.entries()) {
      if (index === current) link.setAttribute('aria-current', 'true');
      else link.removeAttribute('aria-current');
    }
    const display = this.querySelector('.display-current');
    if (display) display.textContent = this.links[current]?.textContent?.trim() ?? '';
  }

  /** The mobile dropdown closes on a link click, a click elsewhere, or Escape. */
  private closeOnLeave(details: HTMLDetailsElement): void {
    const close = () => {
      details.open = false;
    };
    for (const link of this.links) link.addEventListener('click', close);
    window.addEventListener('click', (event) => {
      if (!details.contains(event.target as Node)) close();
    });
    window.addEventListener('keydown', (event) => {
      if (event.key !== 'Escape' || !details.open) return;
      const focused = details.contains(document.activeElement);
      close();
      if (focused) details.querySelector('summary')?.focus();
    });
  }
}

customElements.define('lab-toc', LabToc);
