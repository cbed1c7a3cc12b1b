// ReportITCase: the figures the rendered coverage report shows, read from its data-* attributes.
(() => {
  const all = (selector, root = document) => [...root.querySelectorAll(selector)];
  const series = (chart, key, value) =>
    all(`svg[data-chart=${chart}] g[data-${key}]`).map((g) => ({
      name: g.dataset[key],
      total: Number(g.dataset.total || 0),
      bars: all('rect', g).map((r) => [r.dataset[value], Number(r.dataset.rows)]),
    }));
  return {
    asOf: document.body.dataset.asOf,
    text: document.body.innerText,
    charts: all('svg.chart').map((s) => {
      const box = s.getBoundingClientRect();
      return [s.dataset.chart, box.width, box.height];
    }),
    coverage: all('svg[data-chart=coverage] rect').map((r) => [
      r.dataset.symbol, r.dataset.month, Number(r.dataset.sessions), Number(r.dataset.expected),
    ]),
    gaps: all('li[data-chart=gaps]').map((li) => [
      li.dataset.symbol, li.dataset.first, li.dataset.last, Number(li.dataset.sessions),
      li.textContent,
    ]),
    rows: series('rows', 'table', 'month'),
    quarantine: series('quarantine', 'reason', 'month'),
    lag: series('lag', 'table', 'bucket'),
    findings: all('tr[data-chart=findings]').map((tr) => [
      tr.dataset.table, tr.dataset.check, Number(tr.dataset.count),
    ]),
  };
})()
