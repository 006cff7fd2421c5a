// Draws the analytics charts: each [data-chart] element holds its ECharts option as JSON, built on
// the server. ECharts itself (from our own origin) loads only on pages that include this script.
(function () {
  if (window.tenantryCharts) {
    window.tenantryCharts.draw();
    return;
  }
  var drawn = new WeakMap();
  function draw() {
    if (!window.echarts) return;
    var dark = document.documentElement.dataset.theme === 'dark';
    document.querySelectorAll('[data-chart]').forEach(function (el) {
      var option = el.getAttribute('data-chart');
      if (drawn.get(el) === option) return;
      var first = !drawn.has(el);
      drawn.set(el, option);
      var chart = echarts.getInstanceByDom(el) || echarts.init(el, dark ? 'dark' : null);
      var parsed = JSON.parse(option);
      parsed.backgroundColor = 'transparent';
      chart.setOption(parsed, true);
      if (first) new ResizeObserver(function () { chart.resize(); }).observe(el);
    });
  }
  window.tenantryCharts = { draw: draw };
  var script = document.createElement('script');
  script.src = document.currentScript.dataset.echarts;
  script.onload = draw;
  document.head.appendChild(script);
  new MutationObserver(draw).observe(document.body, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ['data-chart'],
  });
})();
