/*
 * The Caracal page of the Felix Web Console. It polls status.json and updates its tables in place:
 * rows are kept per route, cluster, upstream and cache (never rebuilt), so a button stays the same
 * element while someone is about to click it. Rates (req/s, error share) are the difference of two
 * successive polls. No library, nothing fetched from anywhere but the console itself.
 */
(function () {
  'use strict';

  var root = document.getElementById('caracal-console');
  if (!root) {
    return;
  }
  // Absolute, from location.origin: a page opened with credentials in its URL (user:pw@host) may
  // not fetch() URLs resolved against it, and the origin never carries them.
  var base = window.location.origin + root.getAttribute('data-root');
  var csrf = root.getAttribute('data-csrf');
  var refreshMs = clampInterval(parseInt(root.getAttribute('data-refresh-ms'), 10));
  var updated = document.getElementById('caracal-updated');
  var errorBox = document.getElementById('caracal-error');
  var messageBox = document.getElementById('caracal-message');
  var previous = { routes: {}, upstreams: {} };
  var refreshes = 0;
  var timer = null;
  var loading = false;
  var again = false;

  function clampInterval(ms) {
    return isNaN(ms) ? 2000 : Math.min(60000, Math.max(500, ms));
  }

  function text(value) {
    return value === null || value === undefined ? '' : String(value);
  }

  function setText(node, value) {
    var t = text(value);
    if (node.textContent !== t) {
      node.textContent = t;
    }
  }

  function body(tableId) {
    return document.getElementById(tableId).tBodies[0];
  }

  /** The index-th cell of a row, created as needed, with exactly the given class. */
  function cell(tr, index, className) {
    while (tr.cells.length <= index) {
      tr.insertCell(-1);
    }
    var td = tr.cells[index];
    if (className !== undefined && td.className !== className) {
      td.className = className;
    }
    return td;
  }

  function button(td, className, label, title, onClick) {
    var b = td.querySelector('button.' + className);
    if (!b) {
      b = document.createElement('button');
      b.type = 'button';
      b.className = className;
      b.textContent = label;
      b.title = title;
      b.addEventListener('click', onClick);
      td.appendChild(b);
    }
    return b;
  }

  /**
   * Puts one row per entry into the table body, in order. A row is found again by its key, so it
   * is updated rather than replaced; rows whose key is gone are removed.
   */
  function reconcile(tbody, entries) {
    var old = {};
    Array.prototype.slice.call(tbody.rows).forEach(function (tr) {
      old[tr.caracalKey] = tr;
    });
    entries.forEach(function (entry, index) {
      var tr = old[entry.key];
      if (tr) {
        delete old[entry.key];
      } else {
        tr = document.createElement('tr');
        tr.caracalKey = entry.key;
        if (entry.attribute) {
          tr.setAttribute(entry.attribute, entry.value);
        }
      }
      entry.fill(tr);
      if (tbody.rows[index] !== tr) {
        tbody.insertBefore(tr, tbody.rows[index] || null);
      }
    });
    Object.keys(old).forEach(function (key) {
      tbody.removeChild(old[key]);
    });
  }

  function hostPort(host, port) {
    var h = text(host);
    return (h.indexOf(':') >= 0 && h.charAt(0) !== '[' ? '[' + h + ']' : h) + ':' + port;
  }

  function count(n) {
    return typeof n === 'number' ? n.toLocaleString() : '-';
  }

  /** Requests per second and error share since the previous poll, or null on the first one. */
  function rate(store, key, at, requests, failures) {
    var before = store[key];
    store[key] = { at: at, requests: requests, failures: failures };
    if (!before || at <= before.at || requests < before.requests) {
      return null;
    }
    var done = requests - before.requests;
    return {
      perSecond: done / ((at - before.at) / 1000),
      errorShare: done > 0 ? Math.max(0, failures - before.failures) / done : 0
    };
  }

  function perSecond(r) {
    return r ? r.perSecond.toFixed(r.perSecond < 10 ? 2 : 0) : '-';
  }

  function percent(r) {
    return r ? (r.errorShare * 100).toFixed(1) + ' %' : '-';
  }

  function traffic(stats) {
    return stats || { requests: 0, failures: 0, byStatusClass: [0, 0, 0, 0, 0] };
  }

  function renderWarnings(warnings) {
    var list = document.getElementById('caracal-warnings');
    var signature = warnings.join('\n');
    if (list.caracalSignature !== signature) {
      list.caracalSignature = signature;
      while (list.firstChild) {
        list.removeChild(list.firstChild);
      }
      warnings.forEach(function (warning) {
        var li = document.createElement('li');
        li.textContent = warning;
        list.appendChild(li);
      });
    }
    document.getElementById('caracal-no-warnings').style.display = warnings.length ? 'none' : '';
  }

  function renderListeners(listeners) {
    reconcile(body('caracal-listeners'), listeners.map(function (l) {
      return {
        key: 'listener:' + l.name, attribute: 'data-listener', value: l.name,
        fill: function (tr) {
          tr.classList.toggle('caracal-warn', !l.open);
          setText(cell(tr, 0), l.name);
          setText(cell(tr, 1), hostPort(l.host, l.port));
          setText(cell(tr, 2), l.tls ? 'yes (' + text(l.tlsContext) + ')' : 'no');
          setText(cell(tr, 3), l.h2c ? 'yes' : 'no');
          setText(cell(tr, 4, 'open'), l.open ? 'open' : 'closed');
          setText(cell(tr, 5), count(l.connections));
          setText(cell(tr, 6), count(l.acceptedConnections));
          setText(cell(tr, 7), count(l.requests));
        }
      };
    }));
  }

  function renderFilters(td, filters) {
    var signature = JSON.stringify(filters);
    if (td.caracalSignature === signature) {
      return;
    }
    td.caracalSignature = signature;
    while (td.firstChild) {
      td.removeChild(td.firstChild);
    }
    if (!filters.length) {
      td.textContent = 'none';
      return;
    }
    var list = document.createElement('ol');
    list.className = 'caracal-filter-chain';
    filters.forEach(function (f) {
      var li = document.createElement('li');
      li.setAttribute('data-filter', f.name);
      if (f.available) {
        li.textContent = f.name + ' (' + (f.type || 'untyped') + ', ' + (f.provider || '?') + '): ' +
          count(f.passed) + ' / ' + count(f.rejected) + ' / ' + count(f.failed);
      } else {
        li.className = 'caracal-missing';
        li.textContent = f.name + ': not installed, the route answers 503';
      }
      list.appendChild(li);
    });
    td.appendChild(list);
  }

  function renderRoutes(routes, at) {
    reconcile(body('caracal-routes'), routes.map(function (r) {
      return {
        key: 'route:' + r.name, attribute: 'data-route', value: r.name,
        fill: function (tr) {
          var stats = traffic(r.traffic);
          var missing = r.filters.some(function (f) { return !f.available; });
          tr.classList.toggle('caracal-warn', missing || !r.clusterConfigured);
          tr.classList.toggle('caracal-disabled', !r.enabled);
          setText(cell(tr, 0), r.name);
          setText(cell(tr, 1), r.hosts.join(', ') + ' ' + r.pathPrefix);
          var clusterCell = cell(tr, 2, r.clusterConfigured ? '' : 'caracal-missing');
          setText(clusterCell, r.clusterConfigured ? r.cluster : r.cluster + ' (not configured)');
          renderFilters(cell(tr, 3), r.filters);
          setText(cell(tr, 4, 'route-state'), r.enabled ? 'enabled' : 'disabled');
          setText(cell(tr, 5), count(stats.requests) + ' (5xx: ' + count(stats.byStatusClass[4]) + ')');
          setText(cell(tr, 6), perSecond(rate(previous.routes, r.name, at, stats.requests, stats.failures)));
          var actions = cell(tr, 7, 'actions');
          button(actions, 'disable-route', 'Disable', 'Answer 503 for this route until enabled again',
            function () { act('/routes/' + encodeURIComponent(r.name) + '/disable', 'Disable route ' + r.name); });
          button(actions, 'enable-route', 'Enable', 'Route requests again',
            function () { act('/routes/' + encodeURIComponent(r.name) + '/enable', 'Enable route ' + r.name); });
        }
      };
    }));
  }

  function clusterSummary(c) {
    var parts = ['Cluster ' + c.name, 'strategy ' + c.strategy +
      (c.strategyProvider ? ' (' + c.strategyProvider + ')' : '')];
    if (c.fallback) {
      parts.push('strategy missing or failing: round-robin stands in');
    }
    if (c.unavailableReason) {
      parts.push('cannot serve: ' + c.unavailableReason);
    }
    parts.push(count(traffic(c.traffic).requests) + ' requests');
    return parts.join(' \u2014 ');
  }

  function renderClusters(clusters, at) {
    var entries = [];
    clusters.forEach(function (c) {
      entries.push({
        key: 'cluster:' + c.name, attribute: 'data-cluster', value: c.name,
        fill: function (tr) {
          tr.className = 'caracal-cluster' + (c.fallback || c.unavailableReason ? ' caracal-warn' : '');
          var td = cell(tr, 0, 'cluster-summary');
          td.colSpan = 9;
          setText(td, clusterSummary(c));
        }
      });
      c.upstreams.forEach(function (u) {
        var id = c.name + '/' + u.id;
        entries.push({
          key: 'upstream:' + id, attribute: 'data-upstream', value: id,
          fill: function (tr) {
            var stats = traffic(u.traffic);
            var r = rate(previous.upstreams, id, at, stats.requests, stats.failures);
            tr.classList.toggle('caracal-warn', !u.healthy);
            tr.classList.toggle('caracal-disabled', u.drained);
            setText(cell(tr, 0), u.scheme + '://' + u.id);
            setText(cell(tr, 1), u.weight);
            setText(cell(tr, 2, 'health'), u.healthy ? 'healthy' : 'unhealthy');
            var drain = cell(tr, 3, 'drain-state');
            setText(drain, u.drained ? 'drained' : 'active');
            drain.title = u.drainedByOperator ? 'drained by an operator' : (u.drained ? 'drained by configuration' : '');
            setText(cell(tr, 4), u.inFlight);
            setText(cell(tr, 5), perSecond(r));
            setText(cell(tr, 6), percent(r));
            setText(cell(tr, 7), typeof u.latencyMillis === 'number' ? u.latencyMillis.toFixed(1) + ' ms' : '-');
            var actions = cell(tr, 8, 'actions');
            var path = '/clusters/' + encodeURIComponent(c.name) + '/upstreams/' + encodeURIComponent(u.id);
            button(actions, 'drain', 'Drain', 'Send no new requests; in-flight ones finish',
              function () { act(path + '/drain', 'Drain ' + id); });
            button(actions, 'undrain', 'Undrain', 'End an operator\'s drain',
              function () { act(path + '/undrain', 'Undrain ' + id); });
          }
        });
      });
    });
    reconcile(body('caracal-clusters'), entries);
  }

  /** A byte count for people (binary units); the exact number goes into the cell's title. */
  function size(n) {
    if (typeof n !== 'number') {
      return '-';
    }
    var units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    var value = n;
    var unit = 0;
    while (Math.abs(value) >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit += 1;
    }
    return (unit === 0 ? String(value) : value.toFixed(value < 10 ? 2 : 1)) + ' ' + units[unit];
  }

  /** hits / (hits + misses), or '-' before the first lookup. */
  function hitRatio(hits, misses) {
    var lookups = hits + misses;
    return lookups > 0 ? (hits * 100 / lookups).toFixed(1) + ' %' : '-';
  }

  function setSize(td, n) {
    setText(td, size(n));
    td.title = typeof n === 'number' ? n + ' bytes' : '';
  }

  function renderCaches(caches) {
    var entries = [];
    caches.forEach(function (c) {
      entries.push({
        key: 'cache:' + c.name, attribute: 'data-cache', value: c.name,
        fill: function (tr) {
          var s = c.stats;
          tr.className = 'caracal-cache' + (c.available ? '' : ' caracal-warn');
          setText(cell(tr, 0, 'cache-name'), c.name);
          setText(cell(tr, 1, c.available ? 'cache-provider' : 'cache-provider caracal-missing'),
            c.available ? (c.provider || '?') : 'not installed: its routes go uncached');
          setText(cell(tr, 2, 'cache-entries'), s ? count(s.entries) : '-');
          var bytes = cell(tr, 3, 'cache-bytes');
          setText(bytes, s ? size(s.bytes) + ' / ' + (s.maxBytes > 0 ? size(s.maxBytes) : '-') : '-');
          bytes.title = s ? s.bytes + ' of ' + s.maxBytes + ' bytes' : '';
          setText(cell(tr, 4, 'cache-evictions'), s ? count(s.evictions) : '-');
          setText(cell(tr, 5, 'cache-hits'), s ? count(s.hits) : '-');
          setText(cell(tr, 6, 'cache-misses'), s ? count(s.misses) : '-');
          setText(cell(tr, 7, 'cache-ratio'), s ? hitRatio(s.hits, s.misses) : '-');
          for (var i = 8; i < 12; i++) {
            setText(cell(tr, i), '');
          }
        }
      });
      c.routes.forEach(function (r) {
        entries.push({
          key: 'cache-route:' + c.name + '\u0000' + r.route, attribute: 'data-cache-route', value: r.route,
          fill: function (tr) {
            if (tr.getAttribute('data-cache-store') !== c.name) {
              tr.setAttribute('data-cache-store', c.name);
            }
            setText(cell(tr, 0, 'cache-route-name'), 'route ' + r.route);
            for (var i = 1; i < 5; i++) {
              setText(cell(tr, i), '');
            }
            setText(cell(tr, 5, 'cache-hits'), count(r.hits));
            setText(cell(tr, 6, 'cache-misses'), count(r.misses));
            setText(cell(tr, 7, 'cache-ratio'), hitRatio(r.hits, r.misses));
            setText(cell(tr, 8, 'cache-revalidations'), count(r.revalidations));
            setText(cell(tr, 9, 'cache-stores'), count(r.stores));
            setSize(cell(tr, 10, 'cache-served'), r.bytesServed);
            var b = button(cell(tr, 11, 'actions'), 'purge-route', 'Purge', 'Remove every cached response of this route',
              function () { purge({ route: r.route }, 'Purge the cache of route ' + r.route); });
            if (b.getAttribute('data-route') !== r.route) {
              b.setAttribute('data-route', r.route);
            }
          }
        });
      });
    });
    reconcile(body('caracal-caches'), entries);
    document.getElementById('caracal-no-caches').style.display = caches.length ? 'none' : '';
  }

  function renderPlugins(tableId, plugins, withType) {
    reconcile(body(tableId), plugins.map(function (p) {
      return {
        key: p.name + '\u0000' + p.bundle, attribute: 'data-plugin', value: p.name,
        fill: function (tr) {
          var values = withType ? [p.name, p.type, p.bundle, p.version] : [p.name, p.bundle, p.version];
          values.forEach(function (v, i) {
            setText(cell(tr, i), v);
          });
        }
      };
    }));
  }

  function render(status) {
    var at = status.collectedAtMillis;
    renderWarnings(status.warnings);
    renderListeners(status.listeners);
    renderRoutes(status.routes, at);
    renderClusters(status.clusters, at);
    renderCaches(status.caches || []);
    setText(document.getElementById('caracal-blocks-ratelimit'), count(status.blocks.ratelimit));
    setText(document.getElementById('caracal-blocks-waf'), count(status.blocks.waf));
    renderPlugins('caracal-strategies', status.plugins.strategies, false);
    renderPlugins('caracal-filters', status.plugins.filters, true);
    renderPlugins('caracal-waf', status.plugins.filters.filter(function (f) { return f.type === 'waf'; }), false);
    renderPlugins('caracal-tls', status.plugins.tlsContexts, false);
    renderPlugins('caracal-cache-stores', status.plugins.cacheStores, false);
    if (status.refreshIntervalMs) {
      refreshMs = clampInterval(status.refreshIntervalMs);
    }
  }

  function refresh() {
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    if (loading) {
      again = true; // one more right after the running one
      return;
    }
    loading = true;
    fetch(base + '/status.json', { credentials: 'same-origin', cache: 'no-store', headers: { Accept: 'application/json' } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error('HTTP ' + response.status);
        }
        return response.json();
      })
      .then(function (status) {
        render(status);
        refreshes += 1;
        updated.textContent = 'Updated ' + new Date(status.collectedAtMillis).toLocaleTimeString() +
          ' (refresh ' + refreshes + ')';
        errorBox.textContent = '';
      })
      .catch(function (e) {
        errorBox.textContent = 'Refresh failed: ' + e.message;
      })
      .then(function () {
        loading = false;
        timer = setTimeout(refresh, again ? 0 : refreshMs);
        again = false;
      });
  }

  /**
   * POSTs an action with the page's CSRF token and tells how it went; done(answer), if given,
   * describes a success, and report(text) gets the outcome too.
   */
  function act(path, label, done, report) {
    function tell(message) {
      messageBox.textContent = message;
      if (report) {
        report(message);
      }
    }
    tell(label + ' \u2026');
    return fetch(base + path, {
      method: 'POST', credentials: 'same-origin',
      headers: { 'X-Caracal-CSRF': csrf, Accept: 'application/json' }
    })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (answer) {
          if (!response.ok) {
            throw new Error(answer.error || 'HTTP ' + response.status);
          }
          return answer;
        });
      })
      .then(function (answer) {
        tell(label + ': ' + (done ? done(answer) : 'done'));
      })
      .catch(function (e) {
        tell(label + ' failed: ' + e.message);
      })
      .then(refresh);
  }

  var purgeResult = document.getElementById('caracal-purge-result');
  var purgeButtons = [document.getElementById('caracal-purge'), document.getElementById('caracal-purge-all')];
  var purging = false;

  /** Purges what the parameters (route, prefix; none for everything) name, one purge at a time. */
  function purge(parameters, label) {
    if (purging) {
      setText(purgeResult, 'A purge is still running');
      return;
    }
    var query = Object.keys(parameters).map(function (name) {
      return encodeURIComponent(name) + '=' + encodeURIComponent(parameters[name]);
    }).join('&');
    purging = true;
    purgeButtons.forEach(function (b) { b.disabled = true; });
    act('/caches/purge' + (query ? '?' + query : ''), label, function (answer) {
      var n = answer.purged;
      return count(n) + (n === 1 ? ' entry' : ' entries') + ' purged';
    }, function (message) {
      setText(purgeResult, message);
    }).then(function () {
      purging = false;
      purgeButtons.forEach(function (b) { b.disabled = false; });
    });
  }

  document.getElementById('caracal-purge-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var prefix = document.getElementById('caracal-purge-prefix').value.trim();
    if (!prefix) {
      setText(purgeResult, 'Enter the start of the URLs to purge (scheme://host/path), or purge all caches');
      return;
    }
    purge({ prefix: prefix }, 'Purge ' + prefix);
  });
  document.getElementById('caracal-purge-all').addEventListener('click', function () {
    purge({}, 'Purge all caches');
  });

  refresh();
}());
