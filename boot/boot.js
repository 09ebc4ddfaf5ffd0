// Folio's boot script: starts the downloads a page needs while the wasm is
// still downloading and compiling, so the post is in hand when the app
// mounts. Runs before the app (a plain, synchronous script in <head>).
//
// It fetches index-1.json on the home page (its posts; see
// crates/folio-core/src/index.rs), else index.json and, when the location is
// a post (or one of its aliases), the post's raw file, and leaves the promises in
// window.__folioPrefetch keyed by URL. The app's fetch (src/app/fetch.rs)
// takes a prefetched response once as its first try (a failed or hung one
// is retried there), else fetches as usual; nothing here renders or changes
// the page.
(function () {
  'use strict';
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
