// Folio's boot script: starts the downloads a page needs while the wasm is
// still downloading and compiling, so the post is in hand when the app
// mounts. Runs before the app: Trunk inlines it into index.html's <head>
// (one round trip less than a script of its own).
//
// It fetches index-1.json on the home page (its posts; see
// crates/folio-core/src/index.rs), else index.json and, when the location is
// a post (or one of its aliases), the post's raw file (guessed from the
// location while index.json is on its way), and leaves the promises in
// window.__folioPrefetch keyed by URL. The app's fetch (src/app/fetch.rs)
// takes a prefetched response once as its first try (a failed or hung one
// is retried there), else fetches as usual. Nothing here renders; the one
// change to the page is the reader's saved theme (below).
(function () {
  'use strict';
  // The theme the reader chose (the app's theme switch keeps it in
  // localStorage as folio-theme), on <html> before the first paint: the
  // page's loading frame (index.html) shows while the wasm downloads, and
  // must not flash the other theme.
  try {
    var theme = localStorage.getItem('folio-theme');
    if (theme === 'light' || theme === 'dark') document.documentElement.setAttribute('data-theme', theme);
  } catch (e) {
    // Storage blocked: the system's theme.
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
    // The post's file, guessed from the location before the index arrives:
    // Hugo's default permalink for content/SECTION/NAME.md is /SECTION/NAME/,
    // so /posts/hello/ is most likely posts/hello.md. Fetched beside
    // index.json, it saves the round trip that waiting for the index to name
    // the file would cost. Only two-segment locations outside the list
    // routes are guessed; the app uses the answer only if the index names
    // that same file (a wrong guess is one unused request).
    var segments = here.split('/').filter(Boolean);
    var guessed = null;
    if (segments.length === 2 && !/^(tags|categories|page|edit|new)$/.test(segments[0]) &&
        segments[1] !== 'page') {
      guessed = base + segments.map(encodeURIComponent).join('/') + '.md';
    }
    var index = get(base + 'index.json');
    index.catch(function () {});
    // The file the index names here, fetched if not the guess. Only without
    // a guess or when it failed: the app parses the index anyway (a wrong
    // guess that answered is caught there).
    var lookup = function () {
      index.then(function (response) {
        if (!response.ok) return;
        var posts = JSON.parse(response.text).posts || [];
        for (var i = 0; i < posts.length; i++) {
          var post = posts[i];
          var urls = [post.url].concat(post.aliases || []);
          for (var j = 0; j < urls.length; j++) {
            if (normalise(urls[j]) === here) {
              // Only the post itself: an alias redirects first, then fetches.
              var file = base + post.path.split('/').map(encodeURIComponent).join('/');
              if (guessed && guessed !== file) delete prefetch[guessed];
              if (j === 0 && file !== guessed) get(file);
              return;
            }
          }
        }
        // Not a post (a list page, a 404): the guess is of no use.
        if (guessed) delete prefetch[guessed];
      }).catch(function () {});
    };
    // A host's fallback page for a missing file, as fetch.rs's is_html_page.
    var isWebPage = function (response) {
      var essence = response.type.split(';')[0].trim().toLowerCase();
      var head = response.text.replace(/^[\ufeff \t\r\n]+/, '').slice(0, 16).toLowerCase();
      return essence === 'text/html' &&
        (head.indexOf('<!doctype html') === 0 || head.indexOf('<html') === 0);
    };
    if (guessed) {
      get(guessed).then(function (response) {
        if (!response.ok || isWebPage(response)) lookup();
      }, lookup);
    } else {
      lookup();
    }
  } catch (e) {
    // No prefetch; the app fetches as usual.
  }
})();
