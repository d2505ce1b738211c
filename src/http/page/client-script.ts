/**
 * The page's one script, served from a fingerprinted route (no inline script: the CSP forbids
 * them). It fills in what only the reader's browser knows — their time zone and the current
 * second — from the data the server wrote on each element:
 * - `[data-countdown]`: `data-instant` (epoch ms), `data-template` ("Starts in {left}"),
 *   `data-precision` (`second`, or `day` for a launch whose hour is not announced), `data-done`
 *   (said once the instant has come; the launch's badge says it too).
 * - `[data-reader-time]`: `data-instant` and `data-template` ("{time} in your zone ({zone})"),
 *   written in the reader's zone with the browser's Intl, then shown.
 * Units come from the browser's Intl in the page's language. With `prefers-reduced-motion:
 * reduce` the countdowns change once a minute, without seconds.
 *
 * Plain ES2017 in a string: it is not compiled with Herald (test/browser runs it in Chromium).
 */
export const CLIENT_SCRIPT = `(function () {
  'use strict';
  var lang = document.documentElement.lang || 'en';
  var reduce = !!(window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches);
  var formats = {};

  function unit(name, display, n) {
    var key = name + ':' + display;
    if (!formats[key]) {
      try {
        formats[key] = new Intl.NumberFormat(lang, { style: 'unit', unit: name, unitDisplay: display });
      } catch (e) {
        formats[key] = { format: function (v) { return v + ' ' + name; } };
      }
    }
    return formats[key].format(n);
  }

  function left(ms, precision) {
    if (precision === 'day') return unit('day', 'long', Math.max(1, Math.ceil(ms / 86400000)));
    var seconds = reduce ? Math.ceil(ms / 60000) * 60 : Math.ceil(ms / 1000);
    var d = Math.floor(seconds / 86400);
    var h = Math.floor((seconds % 86400) / 3600);
    var m = Math.floor((seconds % 3600) / 60);
    var s = seconds % 60;
    var parts = [];
    if (d > 0) parts.push(unit('day', 'narrow', d));
    if (d > 0 || h > 0) parts.push(unit('hour', 'narrow', h));
    parts.push(unit('minute', 'narrow', m));
    if (!reduce) parts.push(unit('second', 'narrow', s));
    return parts.join(' ');
  }

  function fill(template, values) {
    var text = template;
    for (var name in values) text = text.split('{' + name + '}').join(values[name]);
    return text;
  }

  function done(el) {
    var said = el.getAttribute('data-done') || '';
    el.textContent = said;
    el.removeAttribute('data-countdown');
    el.classList.add('countdown-done');
    var card = el.closest('article');
    var badge = card && card.querySelector('.badge');
    if (badge && said) {
      badge.textContent = said;
      badge.className = 'badge badge-live';
    }
  }

  function tick() {
    var now = Date.now();
    var els = document.querySelectorAll('[data-countdown]');
    for (var i = 0; i < els.length; i++) {
      var el = els[i];
      var at = Number(el.getAttribute('data-instant'));
      if (!isFinite(at)) continue;
      if (at <= now) {
        done(el);
        continue;
      }
      el.textContent = fill(el.getAttribute('data-template') || '{left}', {
        left: left(at - now, el.getAttribute('data-precision')),
      });
    }
  }

  function readerTimes() {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
    var day = new Intl.DateTimeFormat(lang, { day: 'numeric', month: 'short', timeZone: zone });
    var hour = new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: zone });
    var els = document.querySelectorAll('[data-reader-time]');
    for (var i = 0; i < els.length; i++) {
      var el = els[i];
      var at = Number(el.getAttribute('data-instant'));
      if (!isFinite(at)) continue;
      el.textContent = fill(el.getAttribute('data-template') || '{time}', {
        time: day.format(at) + ', ' + hour.format(at),
        zone: zone
      });
      el.hidden = false;
    }
  }

  function schedule() {
    var period = reduce ? 60000 : 1000;
    setTimeout(function () {
      tick();
      if (document.querySelector('[data-countdown]')) schedule();
    }, period - (Date.now() % period));
  }

  readerTimes();
  tick();
  if (document.querySelector('[data-countdown]')) schedule();
})();
`;
