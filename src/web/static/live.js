// Pages that change while they are open, as others act (a trigger ballot's gauges as secretaries
// record their meetings). A region marked data-live-refresh="<seconds>" is fetched again from the
// server every so often, while the tab is in view, and replaced when it has changed; the element
// named by data-live-status then says so, for screen readers too. When the fetched region no
// longer asks to be refreshed (the ballot has closed), or the page cannot be had (signed out),
// it stops. Without JavaScript the page is as it was loaded, and reloading it shows the same.
for (const region of document.querySelectorAll('[data-live-refresh]')) watch(region);

function watch(region) {
  const seconds = Math.max(5, Number(region.dataset.liveRefresh) || 15);
  const status = region.dataset.liveStatus ? document.getElementById(region.dataset.liveStatus) : null;
  let timer = 0;
  let busy = false;
  let stopped = false;

  const schedule = () => {
    clearTimeout(timer);
    if (!stopped) timer = setTimeout(refresh, seconds * 1000);
  };

  async function refresh() {
    if (busy || stopped) return;
    if (document.visibilityState !== 'visible') return schedule();
    busy = true;
    try {
      const res = await fetch(location.href, { credentials: 'same-origin', cache: 'no-store', redirect: 'manual', headers: { Accept: 'text/html' } });
      if (!res.ok) {
        stopped = true;
        return;
      }
      const fresh = new DOMParser().parseFromString(await res.text(), 'text/html').getElementById(region.id);
      if (!fresh) {
        stopped = true;
        return;
      }
      if (fresh.innerHTML !== region.innerHTML) {
        region.innerHTML = fresh.innerHTML;
        if (status) {
          const at = new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
          status.textContent = `Updated at ${at}. ${fresh.dataset.liveSummary ?? ''}`.trim();
        }
      }
      if (!fresh.hasAttribute('data-live-refresh')) stopped = true;
    } catch {
      // The network or the server is briefly away: try again at the next turn.
    } finally {
      busy = false;
      schedule();
    }
  }

  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') refresh();
  });
  schedule();
}
