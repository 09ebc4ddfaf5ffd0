// Folio's boot script: starts the downloads a page needs while the wasm is
// still downloading and compiling, so the post is in hand when the app
// mounts. Runs before the app (a plain, synchronous script in <head>).
//
// It fetches index-1.json on the home page (its posts; see
// crates/folio-core/src/index.rs), else index.json and, when the location is
// a post (or one of its aliases), the post's raw file, and leaves the promises in
// window.__folioPrefetch keyed by URL. The app's fetch (src/app/fetch.rs)
// takes a prefetched response once as its first try (a failed or hung one
// is retried there), else fetches as usual. It also picks the build that
// starts (the editor's on its routes, below); nothing here renders.
(function () {
  'use strict';
  // The author's editor is its own build (scripts/build-editor): on its
  // routes (/edit/PATH, /new: as the core's Route::parse) this page starts
  // that build instead of the visitors' first-load one. window.__folioApp
  // tells the loader (Trunk.toml's pattern_script, which also skips the
  // first-load build's preload links); its files are preloaded here.
  try {
    var segments = location.pathname.split('/').filter(Boolean).map(function (s) {
      try { return decodeURIComponent(s); } catch (e) { return s; }
    });
    var editorRoute = (segments[0] === 'edit' && segments.length > 1) ||
      (segments.length === 1 && segments[0] === 'new');
    if (editorRoute) {
      var em = document.querySelector('meta[name="folio:editor-app"]');
      var dir = (em && em.getAttribute('content')) || '/vendor/editor/';
      if (dir.charAt(dir.length - 1) !== '/') dir += '/';
      var app = { js: dir + 'folio-app.js', wasm: dir + 'folio-app_bg.wasm' };
      [['modulepreload', app.js], ['preload', app.wasm]].forEach(function (p) {
        var l = document.createElement('link');
        l.rel = p[0]; l.href = p[1]; l.crossOrigin = 'anonymous';
        if (p[0] === 'preload') { l.as = 'fetch'; l.type = 'application/wasm'; }
        document.head.appendChild(l);
      });
      window.__folioApp = app;
    }
  } catch (e) {
    // The first-load build; it shows a link to the editor.
  }
  try {
    var meta = document.querySelector('meta[name="folio:content"]');
    var base = (meta && meta.getAttribute('content')) || '/content/';
    if (base.charAt(base.length - 1) !== '/') base += '/';
    var prefetch = (window.__folioPrefetch = window.__folioPrefetch || {});
    var get = function (url) {
      var p = fetch(url, { cache: 'no-cache' }).then(function (r) {
        return r.text().then(function (text) {
          return {
            status: r.status, ok: r.ok, statusText: r.statusText,
            type: r.headers.get('content-type') || '', text: text,
          };
        });
      });
      prefetch[url] = p;
      return p;
    };
    // As the core's routes::normalise: "/a/b/" for "a/b", "/a/b", "/a//b/".
    var normalise = function (path) {
      return '/' + path.split('/').filter(Boolean).map(function (s) { return s + '/'; }).join('');
    };
    var here = normalise(decodeURIComponent(location.pathname));
    if (here === '/') {
      // The home page: the app needs only the first page of the index
      // (index-1.json; it loads index.json itself after the first paint).
      get(base + 'index-1.json').catch(function () {});
      return;
    }
    get(base + 'index.json').then(function (response) {
      if (!response.ok) return;
      var index = JSON.parse(response.text);
      var posts = index.posts || [];
      for (var i = 0; i < posts.length; i++) {
        var post = posts[i];
        var urls = [post.url].concat(post.aliases || []);
        for (var j = 0; j < urls.length; j++) {
          if (normalise(urls[j]) === here) {
            // Only the post itself: an alias redirects first, then fetches.
            if (j === 0) get(base + post.path.split('/').map(encodeURIComponent).join('/'));
            return;
          }
        }
      }
    }).catch(function () {});
  } catch (e) {
    // No prefetch; the app fetches as usual.
  }
})();
