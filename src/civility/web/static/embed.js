/*! Civility embed.js: the comment section and the trending widget, in a Shadow DOM. MIT.
 * <div id="civility-thread"></div>
 * <script src="https://HOST/embed.js" data-site="SITE" [data-thread="KEY"] async></script>
 * data-mode="trending" renders the site's most-discussed threads instead. See docs/widget.md. */
(function () {
  "use strict";
  var d = document, W = window, script = d.currentScript;
  if (!script) {
    // Injected by a loader that does not set currentScript: take the first script not yet started.
    var cands = d.querySelectorAll("script[data-site]");
    for (var i = 0; i < cands.length && !script; i++) if (!cands[i].civility) script = cands[i];
  }
  if (!script || script.civility) return;
  script.civility = 1;

  var ds = script.dataset, ORIGIN = new URL(script.src, location.href).origin;
  var API = ORIGIN + "/api/v1/sites/" + encodeURIComponent(ds.site || "");
  var PREFIX = "civility:" + ORIGIN + ":" + ds.site + ":";

  /* ---------- small helpers ---------- */
  function get(k) { try { return W.localStorage.getItem(PREFIX + k); } catch (e) { return null; } }
  function put(k, v) { try { W.localStorage.setItem(PREFIX + k, v); } catch (e) { /* private mode */ } }
  function del(k) { try { W.localStorage.removeItem(PREFIX + k); } catch (e) { /* private mode */ } }
  function enc(s) { return encodeURIComponent(s); }
  var uidN = 0;
  function uid(p) { return "cv" + p + ++uidN; }
  // h("tag", {attr: v, text: "..", html: "..", onclick: fn}, [children]) builds DOM without parsing strings.
  function h(tag, props, kids) {
    var el = d.createElement(tag);
    for (var k in props) {
      var v = props[k];
      if (v == null || v === false) continue;
      if (k === "text") el.textContent = v;
      else if (k === "html") el.innerHTML = v; // only server-sanitised comment HTML comes here
      else if (k.slice(0, 2) === "on") el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? "" : v);
    }
    (kids || []).forEach(function (c) {
      if (c != null) el.appendChild(typeof c === "string" ? d.createTextNode(c) : c);
    });
    return el;
  }
  function safeUrl(u) { return /^https?:\/\//i.test(u || "") ? u : null; }
  function canonical() {
    var l = d.querySelector('link[rel="canonical"]');
    return (l && safeUrl(l.href)) || location.href.split("#")[0];
  }
  function pageTitle() {
    var m = d.querySelector('meta[property="og:title"]');
    return ((m && m.content) || d.title || "").trim().slice(0, 300);
  }
  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }

  var RTF = W.Intl && Intl.RelativeTimeFormat ? new Intl.RelativeTimeFormat("en", { numeric: "always" }) : null;
  var UNITS = [["year", 31536e3], ["month", 2592e3], ["week", 604800], ["day", 86400], ["hour", 3600], ["minute", 60]];
  function ago(iso) {
    var s = (Date.parse(iso) - Date.now()) / 1000, a = Math.abs(s);
    if (a < 45) return "just now";
    for (var i = 0; i < UNITS.length; i++) {
      var u = UNITS[i];
      if (a >= u[1] * 0.95 || u[0] === "minute") {
        var n = Math.max(1, Math.round(a / u[1]));
        return RTF ? RTF.format(s < 0 ? -n : n, u[0]) : plural(n, u[0], u[0] + "s") + " ago";
      }
    }
  }
  function exact(iso) {
    return new Date(iso).toLocaleString(undefined, { dateStyle: "long", timeStyle: "short" });
  }
  function timeEl(iso) { return h("time", { datetime: iso, title: exact(iso), text: ago(iso) }); }

  /* ---------- the API (docs/architecture.md) ---------- */
  function api(method, path, body, etag) {
    var hd = { Accept: "application/json" }, tok = get("token");
    if (tok) hd.Authorization = "Bearer " + tok;
    if (body) hd["Content-Type"] = "application/json";
    if (etag) hd["If-None-Match"] = etag;
    return fetch(API + path, {
      method: method, headers: hd, body: body ? JSON.stringify(body) : undefined,
      mode: "cors", credentials: "omit", cache: etag ? "no-store" : "default"
    }).catch(function () {
      // The browser hides the reason (network down, or a refused origin without CORS headers).
      throw new Error("the comment server at " + ORIGIN + " could not be reached, or does not accept this page's origin.");
    }).then(function (r) {
      if (r.status === 204 || r.status === 304) return { status: r.status };
      return r.json().catch(function () { return {}; }).then(function (j) {
        if (!r.ok) {
          var e = new Error((j.error && j.error.message) || "The comment server answered " + r.status + ".");
          e.status = r.status;
          e.field = j.error && j.error.field;
          throw e;
        }
        return { status: r.status, data: j, etag: r.headers.get("ETag") };
      });
    });
  }
  // Writes carry the reader token; get one first, and once more if the server no longer accepts ours.
  // A signed-in reader whose account token is refused is signed out (never silently made anonymous).
  function write(method, path, body, again) {
    var ready = get("token") ? Promise.resolve() : api("POST", "/readers", {}).then(function (r) {
      put("token", r.data.reader_token);
    });
    return ready.then(function () { return api(method, path, body); }).catch(function (e) {
      if (e.status === 401 && get("acct")) { signOut(); e.message = "Please sign in again."; if (relog) relog(); }
      else if (e.status === 401 && !again) { del("token"); return write(method, path, body, 1); }
      throw e;
    });
  }
  // Accounts (createAccount, signIn): the account's reader token replaces the anonymous one, which is
  // kept aside under "anon" and comes back on sign-out; "acct" holds the account's display name.
  var relog = null;
  function signIn(r) {
    if (!get("acct") && get("token")) put("anon", get("token"));
    put("token", r.data.reader_token);
    put("acct", r.data.display_name);
  }
  function signOut() {
    var a = get("anon");
    if (a) put("token", a); else del("token");
    del("anon");
    del("acct");
  }

  function mount(id) {
    var host = (ds.target && d.getElementById(ds.target)) || d.getElementById(id);
    if (!host) { host = d.createElement("div"); script.parentNode.insertBefore(host, script.nextSibling); }
    var root = host.shadowRoot || host.attachShadow({ mode: "open" });
    root.innerHTML = "";
    root.appendChild(h("style", { text: CSS }));
    root.appendChild(h("div", { class: "root" }));
    return root;
  }

  var CSS =
    // .root resets every inherited property, so nothing of the host page's CSS comes through.
    ":host{display:block}.root{all:initial;display:block;font:16px/1.55 var(--civility-font,system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif);" +
    "color:#1f2328;--a:var(--civility-accent,#0b5cad);--m:#57606a;--l:#d8dee4}" +
    "*{box-sizing:border-box}[hidden]{display:none!important}" +
    ".sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}" +
    "button,input,textarea,select{font:inherit;color:inherit}" +
    ":focus-visible{outline:3px solid var(--a);outline-offset:2px}" +
    ".top{display:flex;align-items:center;justify-content:space-between;flex-wrap:wrap;gap:.5em;" +
    "border-bottom:1px solid var(--l);padding-bottom:.6em;margin-bottom:1em}" +
    "h2{font-size:1.2em;line-height:1.2;margin:0;letter-spacing:-.01em}" +
    ".srt{display:flex;align-items:center;gap:.4em;font-size:.875em;color:var(--m)}" +
    "select{border:1px solid var(--l);border-radius:6px;padding:.25em .5em;background:#fff;color:#1f2328}" +
    ".st{margin:-.4em 0 1em;font-size:.875em;color:var(--m)}.st:empty{margin:0}" +
    ".pol{font-size:.875em;color:#3d444d;background:#f6f8fa;border-left:3px solid var(--a);padding:.75em 1em;margin:0 0 1em;border-radius:0 6px 6px 0}" +
    "form{display:grid;gap:.45em;margin:0 0 1.25em}" +
    "label{font-weight:600;font-size:.8125em;color:#3d444d}" +
    "input,textarea{width:100%;border:1px solid #8c959f;border-radius:6px;padding:.55em .75em;background:#fff}" +
    "textarea{min-height:5.5em;resize:vertical;line-height:1.5}" +
    ".row{display:flex;align-items:flex-end;gap:.75em;flex-wrap:wrap}.nm{display:grid;gap:.3em;flex:1 1 12em;max-width:20em}" +
    ".go{display:flex;gap:.5em;align-items:center;margin-left:auto}" +
    "details{font-size:.8125em;color:var(--m)}summary{cursor:pointer}details ul{margin:.35em 0;padding-left:1.2em}" +
    "code{font:.9em ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#eff2f5;padding:.1em .3em;border-radius:4px}" +
    ".btn{border:0;border-radius:6px;padding:.5em 1.1em;background:var(--a);color:#fff;font-weight:600;cursor:pointer}" +
    ".btn:hover{filter:brightness(1.1)}.btn[disabled]{opacity:.6;cursor:progress}" +
    ".lnk{background:none;border:0;padding:.3em .5em;color:var(--m);font-size:.8125em;font-weight:600;cursor:pointer;border-radius:6px}" +
    ".lnk:hover{color:var(--a);background:#eff2f5}.lnk[aria-pressed=true]{color:var(--a);background:#e8f0fa}.dn[aria-pressed=true]{color:#b42318;background:#fdecea}" +
    ".err{color:#b42318;font-size:.875em}.err:empty{display:none}" +
    ".c{margin-top:1.1em}.list>.c+.c{border-top:1px solid #eaeef2;padding-top:1.1em}.new>.cb{animation:hl 4s}" +
    "@keyframes hl{from{background:#fff4c2}}" +
    ".cb{position:relative;border-radius:8px}" +
    ".hd{display:flex;align-items:center;gap:.5em;font-size:.875em;min-height:2.2em}" +
    ".av{flex:none;width:2.2em;height:2.2em;border-radius:50%;display:grid;place-items:center;color:#fff;font-weight:700;font-size:.9em}" +
    ".pend{font-size:.85em;background:#fff4c2;color:#6b4f00;border-radius:4px;padding:0 .4em}" +
    ".rej{background:#fde2e1;color:#8a1c1c}.pin{background:#dbe8ff;color:#1d3f8a}" +
    ".au{font-weight:700;color:#1f2328}.hd time,.rt,.ed{color:var(--m)}.rt{font-size:.95em}" +
    ".mw{margin-left:auto}.mb{opacity:0;background:none;border:1px solid transparent;border-radius:6px;width:2em;height:2em;cursor:pointer;color:var(--m);font-weight:700}" +
    ".mb:hover,.mb[aria-expanded=true]{border-color:var(--l);color:#1f2328}" +
    ".cb:hover .mb,.cb:focus-within .mb,.mb[aria-expanded=true]{opacity:1}" +
    "@media (hover:none),(pointer:coarse){.mb{opacity:1}}" +
    ".menu{position:absolute;right:0;top:2.4em;z-index:9;min-width:11em;background:#fff;border:1px solid var(--l);border-radius:8px;box-shadow:0 8px 24px rgba(31,35,40,.15);padding:.3em}" +
    ".menu button{display:block;width:100%;text-align:left;background:none;border:0;padding:.5em .75em;border-radius:6px;cursor:pointer;font-size:.875em}" +
    ".menu button:hover,.menu button:focus{background:#eff2f5;outline:none}" +
    ".tx{margin:.2em 0 0 2.75em;overflow-wrap:anywhere}.tx>:first-child{margin-top:0}.tx>:last-child{margin-bottom:0}" +
    ".tx p{margin:.5em 0}.tx a{color:var(--a)}.tx blockquote{border-left:3px solid var(--l);margin:.5em 0;padding-left:.8em;color:var(--m)}" +
    ".tx pre{overflow:auto;background:#f6f8fa;padding:.75em;border-radius:6px}.tx pre code{background:none;padding:0}" +
    ".tx ul,.tx ol{padding-left:1.4em}.gone{color:var(--m);font-style:italic}" +
    ".ft{display:flex;align-items:center;gap:.15em;margin:.2em 0 0 2.25em;flex-wrap:wrap}" +
    ".slot{margin-left:2.75em}.slot form{margin:.6em 0 .4em}" +
    ".rs{margin-left:1.1em;padding-left:1.15em;border-left:2px solid #e6e9ee}.rs.flat,.rs:empty{margin-left:0;padding-left:0;border:0}" +
    ".more{display:block;margin:1em auto 0;background:#fff;border:1px solid var(--l);border-radius:999px;padding:.5em 1.4em;font-weight:600;color:var(--a);cursor:pointer}" +
    ".more:hover{background:#f6f8fa}.rs>.more{margin:.6em 0 0 2.75em;padding:.3em .9em;font-size:.8125em}" +
    ".ask{font-size:.8125em;color:#b42318;margin-left:.4em}" +
    ".ng{background:#fff8e1;border:1px solid #f0c36d;border-radius:6px;padding:.5em .8em;font-size:.875em}.ng:empty{display:none}.ng p{margin:.3em 0}" +
    ".acc{font-size:.875em;color:var(--m);margin:0 0 .6em}.acc:empty{display:none}.acc b{color:#1f2328}.acc .lnk{color:var(--a)}" +
    ".sg{background:#f6f8fa;border:1px solid var(--l);border-radius:8px;padding:.9em 1em}.sg h3{margin:0;font-size:1em}.sg .row{align-items:flex-start}" +
    "mark{background:#ffd54f;color:inherit;border-radius:3px}.ok{font-size:.875em;color:#1a7f37}" +
    "fieldset{border:0;padding:0;margin:0;display:grid;gap:.2em;font-size:.875em}legend{font-weight:600;margin-bottom:.3em}" +
    ".tr{display:flex;align-items:baseline;gap:.9em;overflow-x:auto;white-space:nowrap;scrollbar-width:none;-webkit-mask-image:linear-gradient(90deg,#000 94%,transparent);mask-image:linear-gradient(90deg,#000 94%,transparent)}" +
    ".tr b{flex:none;font-weight:700;color:var(--civility-label,inherit)}.tr ol{display:flex;gap:1.1em;margin:0;padding:0;list-style:none}" +
    ".tr li{flex:none;display:flex;align-items:baseline;max-width:26em}.tr li+li{border-left:1px solid var(--l);padding-left:1.1em}" +
    ".tr a{color:var(--a);font-weight:600;text-decoration:none;overflow:hidden;text-overflow:ellipsis}.tr a:hover{text-decoration:underline}" +
    ".tr .n{flex:none;color:var(--m);font-size:.85em;margin-left:.35em}" +
    "@media (max-width:480px){.rs{margin-left:.35em;padding-left:.7em}.tx,.slot{margin-left:0}.ft{margin-left:-.5em}}" +
    "@media (prefers-reduced-motion:reduce){.new>.cb{animation:none}}";

  if (ds.mode === "trending") trending(); else thread();

  /* ---------- trending widget ---------- */
  function trending() {
    var root = mount("civility-trending");
    // The trending line takes the host page's type, like the text around it.
    root.insertBefore(h("style", { text: ".root{font-family:inherit;font-size:inherit;line-height:inherit;color:inherit}" }),
      root.lastChild);
    var nav = h("nav", { class: "tr", "aria-label": "Trending discussions" }, [h("b", { text: ds.label || "Trending:" })]);
    root.lastChild.appendChild(nav);
    var q = "?limit=" + enc(ds.limit || 5) + (ds.hours ? "&hours=" + enc(ds.hours) : "");
    api("GET", "/trending" + q).then(function (r) {
      var ol = h("ol");
      r.data.threads.forEach(function (t) {
        var n = t.comment_count;
        ol.appendChild(h("li", {}, [
          h("a", { href: safeUrl(t.url) || "#", text: t.title || t.key }),
          h("span", { class: "n", "aria-label": "(" + plural(n, "comment", "comments") + ")", text: "(" + n + ")" })
        ]));
      });
      nav.appendChild(r.data.threads.length ? ol : h("span", { class: "n", text: "no discussions yet" }));
    }, function () { nav.appendChild(h("span", { class: "n", text: "unavailable" })); });
  }

  /* ---------- comment section ---------- */
  function thread() {
    var root = mount("civility-thread");
    var KEY = ds.thread || canonical(), LIMIT = ds.pageSize ? "&limit=" + enc(ds.pageSize) : "";
    var cfg = { max_indent_depth: 4, allow_anonymous: true, policy_text: "", max_comment_length: 5000 };
    var sort = /^(oldest|top)$/.test(ds.sort) ? ds.sort : "newest", known = {}, seen = {}, count = 0, etag = null, based = false, openMenu = null;

    var heading = h("h2", { id: uid("h"), text: "Comments" });
    var sortSel = h("select", { id: uid("s"), onchange: function () { sort = sortSel.value; load(); } },
      [["newest", "Newest"], ["oldest", "Oldest"], ["top", "Top"]].map(function (o) {
        return h("option", { value: o[0], text: o[1] });
      }));
    var status = h("p", { class: "st", role: "status", "aria-live": "polite" });
    var list = h("div", { class: "list" });
    var moreBtn = h("button", { class: "more", type: "button", hidden: true });
    var section = h("section", { "aria-labelledby": heading.id }, [
      h("div", { class: "top" }, [heading, h("div", { class: "srt" }, [
        h("label", { for: sortSel.id, text: "Sort by" }), sortSel])]), status,
      h("p", { class: "pol", hidden: true }), h("div", { class: "fw" }), list, moreBtn
    ]);
    sortSel.value = sort;
    root.lastChild.appendChild(section);
    list.appendChild(h("p", { class: "gone", text: "Loading comments…" }));

    function say(msg) { status.textContent = ""; setTimeout(function () { status.textContent = msg; }, 30); }
    function setCount(n) {
      count = Math.max(0, n);
      heading.textContent = plural(count, "Comment", "Comments");
    }
    function listPath(o) {
      return "/comments?thread=" + enc(KEY) + "&sort=" + (o.sort || sort) + (o.cursor ? "&cursor=" + enc(o.cursor) : "") +
        (o.parent ? "&parent=" + o.parent : "") + LIMIT;
    }
    function remember(cs) {
      (cs || []).forEach(function (c) { seen[c.id] = 1; remember(c.replies); });
    }

    /* The ∨ menu on every comment is built from this list; later features append entries. */
    var MENU = [
      { label: "Reply", when: function (c) { return !c.deleted && canPost(); }, run: function (c, el) { reply(el); } },
      { label: "Copy link", run: function (c) { copyLink(c); } },
      { label: "Mark as spam", when: live, run: function (c, el) { report(c, el, { reason: "spam" }); } },
      { label: "Report…", when: live, run: function (c, el) { reportForm(c, el); } }
    ];
    function live(c) { return !c.deleted; }

    // reportComment: the reader gets a confirmation (or the refusal) under the comment.
    function report(c, el, body) {
      return write("POST", "/comments/" + c.id + "/reports", body).then(function (r) {
        note(el, r.data.message, "ok");
      }, function (x) { note(el, x.message, "err"); });
    }
    function note(el, msg, cls) {
      var slot = el.firstChild.querySelector(".slot");
      slot.textContent = "";
      slot.appendChild(h("p", { class: cls, role: cls === "ok" ? "status" : "alert", text: msg }));
      say(msg);
    }
    var REASONS = [["violence", "Violence"], ["hate", "Racism or hate"], ["profanity", "Profanity"], ["vulgarity", "Vulgarity"],
      ["doxing", "Doxing (personal details)"], ["discourtesy", "Discourteous"], ["spam", "Spam"], ["other", "Other"]];
    function reportForm(c, el) {
      var slot = el.firstChild.querySelector(".slot"), nm = uid("r"), nid = uid("o"), err = h("p", { class: "err", role: "alert" });
      var other = h("input", { id: nid, maxlength: 300 });
      var fs = h("fieldset", {}, [h("legend", { text: "Why are you reporting this comment?" })].concat(REASONS.map(function (r) {
        var id = uid("x");
        return h("div", {}, [h("input", { type: "radio", name: nm, id: id, value: r[0] }), " ", h("label", { for: id, text: r[1] })]);
      })));
      function cancel() { slot.textContent = ""; el.firstChild.querySelector(".mb").focus(); }
      var f = h("form", { role: "dialog", "aria-label": "Report this comment" }, [fs,
        h("label", { for: nid, text: "Details (needed for Other)" }), other, err,
        h("div", { class: "row" }, [h("button", { class: "btn", type: "submit", text: "Send report" }),
          h("button", { class: "lnk", type: "button", text: "Cancel", onclick: cancel })])]);
      f.addEventListener("keydown", function (e) { if (e.key === "Escape") { e.preventDefault(); cancel(); } });
      f.addEventListener("submit", function (e) {
        e.preventDefault();
        var pick = f.querySelector("input:checked");
        if (!pick) { err.textContent = "Choose a reason."; fs.querySelector("input").focus(); return; }
        report(c, el, { reason: pick.value, note: other.value.trim() || null });
      });
      slot.textContent = "";
      slot.appendChild(f);
      fs.querySelector("input").focus();
    }

    // The policy's verdict on a draft. A nudge (nothing stored) or a rejection is shown in `box` with the
    // author's own words highlighted; a nudge offers "Post anyway". True when the comment was stored.
    function verdict(v, box, text, again) {
      box.textContent = "";
      if (v.status === "published" || v.status === "pending") return true;
      var marks = [], p = h("p"), at = 0;
      v.reasons.forEach(function (r) {
        r.spans.forEach(function (s) {
          var i = text.slice(s.start, s.end) === s.text ? s.start : text.indexOf(s.text);
          if (s.text && i >= 0) marks.push([i, i + s.text.length]);
        });
      });
      marks.sort(function (a, b) { return a[0] - b[0]; }).forEach(function (m) {
        if (m[0] < at) return;
        p.appendChild(d.createTextNode(text.slice(at, m[0])));
        p.appendChild(h("mark", { text: text.slice(m[0], m[1]) }));
        at = m[1];
      });
      p.appendChild(d.createTextNode(text.slice(at)));
      box.appendChild(h("p", { text: v.message }));
      if (marks.length) box.appendChild(p);
      if (v.decision === "nudge") box.appendChild(h("button", { class: "btn", type: "button", text: "Post anyway", onclick: again }));
      return false;
    }

    function copyLink(c) {
      var u = canonical().split("#")[0] + "#civility-comment-" + c.id;
      var done = function () { say("Link to the comment copied."); };
      var fail = function () { say("Copy this link: " + u); };
      if (navigator.clipboard) navigator.clipboard.writeText(u).then(done, fail); else fail();
    }

    function closeMenu(refocus) { if (openMenu) openMenu(refocus); }
    d.addEventListener("click", function (e) {
      if (openMenu && e.composedPath().indexOf(openMenu.box) < 0) closeMenu(false);
    }, true);

    function menu(c, el) {
      var box = h("div", { class: "menu", role: "menu", id: uid("m"), "aria-label": "Comment actions", hidden: true });
      var btn = h("button", {
        class: "mb", type: "button", "aria-haspopup": "menu", "aria-expanded": "false", "aria-controls": box.id,
        "aria-label": "More actions for the comment by " + (c.author_name || "a deleted author"), text: "∨"
      });
      function items() { return [].slice.call(box.children); }
      function close(refocus) {
        box.hidden = true;
        btn.setAttribute("aria-expanded", "false");
        openMenu = null;
        if (refocus) btn.focus();
      }
      function open(last) {
        closeMenu(false);
        box.textContent = "";
        MENU.forEach(function (m) {
          if (m.when && !m.when(c)) return;
          box.appendChild(h("button", {
            type: "button", role: "menuitem", tabindex: "-1", text: m.label,
            onclick: function () { close(true); m.run(c, el, btn); }
          }));
        });
        box.hidden = false;
        btn.setAttribute("aria-expanded", "true");
        close.box = wrap;
        openMenu = close;
        var it = items();
        it[last ? it.length - 1 : 0].focus();
      }
      btn.addEventListener("click", function () { if (box.hidden) open(); else close(true); });
      btn.addEventListener("keydown", function (e) {
        if (e.key === "ArrowDown" || e.key === "ArrowUp") { e.preventDefault(); open(e.key === "ArrowUp"); }
      });
      box.addEventListener("keydown", function (e) {
        var it = items(), i = it.indexOf(root.activeElement), n = it.length, k = e.key;
        if (k === "ArrowDown") it[(i + 1) % n].focus();
        else if (k === "ArrowUp") it[(i - 1 + n) % n].focus();
        else if (k === "Home") it[0].focus();
        else if (k === "End") it[n - 1].focus();
        else if (k === "Escape") close(true);
        else if (k === "Tab") { close(false); return; } else return;
        e.preventDefault();
      });
      var wrap = h("span", { class: "mw" }, [btn, box]);
      return wrap;
    }

    function avatar(name) {
      var hsh = 0;
      for (var i = 0; i < name.length; i++) hsh = (hsh * 31 + name.charCodeAt(i)) % 360;
      return h("span", { class: "av", "aria-hidden": "true", style: "background:hsl(" + hsh + " 45% 38%)",
        text: (Array.from(name.trim())[0] || "?").toUpperCase() });
    }

    function canChange(c) { return c.mine && !c.deleted && c.editable_until && Date.parse(c.editable_until) > Date.now(); }

    function voteBtn(c, el, v) {
      var on = c.my_vote === v, n = v > 0 ? c.upvotes : c.downvotes;
      return h("button", {
        class: "lnk", type: "button", "aria-pressed": on ? "true" : "false",
        "aria-label": (v > 0 ? "Upvote" : "Downvote") + " (" + n + ")", title: v > 0 ? "Upvote" : "Downvote",
        onclick: function () {
          write("POST", "/comments/" + c.id + "/vote", { value: on ? 0 : v }).then(function (r) {
            c.upvotes = r.data.upvotes; c.downvotes = r.data.downvotes; c.my_vote = r.data.my_vote;
            fill(el, c, v > 0 ? ".up" : ".dn");
          }, function (e) { say(e.message); });
        }
      }, [h("span", { "aria-hidden": "true", text: (v > 0 ? "▲ " : "▼ ") + n })]);
    }

    function body(c, el) {
      var depth = Math.min(c.depth, 99), name = c.deleted ? "" : c.author_name;
      var hd = h("div", { class: "hd" }, c.deleted ? [] : [
        avatar(name), h("span", { class: "au", id: uid("a"), text: name }),
        depth > cfg.max_indent_depth && c.in_reply_to ? h("span", { class: "rt", text: "↳ in reply to " + c.in_reply_to }) : null,
        timeEl(c.created_at), c.edited_at ? h("span", { class: "ed", title: exact(c.edited_at), text: "(edited)" }) : null,
        c.featured ? h("span", { class: "pend pin", text: "Featured" }) : null,
        c.pending ? h("span", { class: "pend", text: "Awaiting review" }) : null,
        c.rejection ? h("span", { class: "pend rej", role: "status", text: "Rejected by the moderators: " + c.rejection }) : null,
        menu(c, el)
      ]);
      var kids = [hd];
      if (c.deleted) kids.push(h("p", { class: "tx gone", text: "This comment was deleted." }));
      else {
        kids.push(h("div", { class: "tx", html: c.html }));
        var up = voteBtn(c, el, 1), dn = voteBtn(c, el, -1);
        up.classList.add("up"); dn.classList.add("dn");
        var ft = h("div", { class: "ft" }, [up, dn]);
        if (canPost()) {
          ft.appendChild(h("button", { class: "lnk rp", type: "button", text: "Reply", onclick: function () { reply(el); } }));
        }
        if (canChange(c)) {
          ft.appendChild(h("button", { class: "lnk", type: "button", text: "Edit", onclick: function () { edit(el); } }));
          ft.appendChild(h("button", { class: "lnk", type: "button", text: "Delete", onclick: function () { askDelete(el, this); } }));
        }
        kids.push(ft);
      }
      kids.push(h("div", { class: "slot" }));
      return h("div", { class: "cb", "aria-labelledby": hd.children[1] ? hd.children[1].id : null }, kids);
    }

    // Re-render a comment's own block (not its replies); keep focus on the control the reader used.
    function fill(el, c, focusSel) {
      el.c = c;
      el.changeable = canChange(c);
      var nb = body(c, el);
      el.replaceChild(nb, el.firstChild);
      var f = focusSel && nb.querySelector(focusSel);
      if (f) f.focus();
    }

    function renderComment(c) {
      seen[c.id] = 1;
      var el = h("article", { class: "c", id: "civility-comment-" + c.id, "data-depth": c.depth, tabindex: "-1" });
      el.c = c;
      known[c.id] = el;
      el.appendChild(h("div"));
      fill(el, c);
      var rs = h("div", { class: "rs" + (c.depth + 1 > cfg.max_indent_depth ? " flat" : "") });
      el.appendChild(rs);
      (c.replies || []).forEach(function (r) { rs.appendChild(renderComment(r)); });
      moreReplies(el, c.replies_cursor);
      return el;
    }

    // "Show N more replies": loads the rest of a comment's direct replies, a page at a time.
    function moreReplies(el, cursor) {
      var c = el.c, rs = el.lastChild, shown = rs.querySelectorAll(":scope>.c").length;
      var old = rs.querySelector(":scope>.more");
      if (old) old.remove();
      var left = c.reply_count - shown;
      if (left <= 0) return;
      var b = h("button", { class: "more", type: "button",
        text: "Show " + plural(left, "more reply", "more replies") });
      b.onclick = function () {
        b.disabled = true;
        api("GET", listPath({ sort: "oldest", parent: c.id, cursor: cursor })).then(function (r) {
          var first = null;
          r.data.comments.forEach(function (x) {
            if (known[x.id]) return;
            var n = renderComment(x);
            rs.insertBefore(n, b);
            first = first || n;
          });
          if (!r.data.next_cursor) c.reply_count = rs.querySelectorAll(":scope>.c").length;
          moreReplies(el, r.data.next_cursor);
          if (first) first.focus();
        }, function (e) { b.disabled = false; say(e.message); });
      };
      rs.appendChild(b);
    }

    /* ---------- forms ---------- */
    function form(parent, onDone, onCancel) {
      var nid = uid("n"), tid = uid("t"), err = h("p", { class: "err", role: "alert" }), ng = h("div", { class: "ng", role: "alert" });
      var name = h("input", { id: nid, name: "author_name", autocomplete: "nickname", required: true, maxlength: 80,
        value: get("name") || "" });
      var ta = h("textarea", { id: tid, name: "text", required: true, rows: parent ? 3 : 4, maxlength: cfg.max_comment_length,
        placeholder: parent ? "Write a reply…" : "Share your thoughts…" });
      var send = h("button", { class: "btn", type: "submit", text: parent ? "Post reply" : "Post comment" });
      var f = h("form", { novalidate: true }, [
        h("label", { for: tid, text: parent ? "Your reply to " + (parent.author_name || "this comment") : "Your comment" }), ta,
        h("details", {}, [h("summary", { text: "Formatting help" }), h("ul", {}, [
          ["*italic*", "italic"], ["**bold**", "bold"], ["[text](https://…)", "link"], ["> quote", "quote"],
          ["`code`", "code"], ["- item", "list"]
        ].map(function (x) { return h("li", {}, [h("code", { text: x[0] }), " " + x[1]]); }))]),
        err, ng,
        h("div", { class: "row" }, [h("div", { class: "nm", hidden: !!me() }, [h("label", { for: nid, text: "Display name" }), name]),
          h("div", { class: "go" }, [onCancel ? h("button", { class: "lnk", type: "button", text: "Cancel", onclick: onCancel }) : null, send])])
      ]);
      ta.addEventListener("keydown", function (e) {
        if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); f.requestSubmit ? f.requestSubmit() : submit(e); }
      });
      function submit(e, anyway) {
        if (e) e.preventDefault();
        var who = me() || name.value.trim();
        if (!who) { err.textContent = "Please enter a display name."; name.focus(); return; }
        if (!ta.value.trim()) { err.textContent = "Please write a comment first."; ta.focus(); return; }
        err.textContent = "";
        send.disabled = true;
        var b = { thread: KEY, author_name: who, text: ta.value, parent_id: parent ? parent.id : null,
          thread_title: pageTitle() || null, thread_url: safeUrl(canonical()), post_anyway: !!anyway };
        write("POST", "/comments", b).then(function (r) {
          if (!me()) put("name", who);
          if (!verdict(r.data, ng, b.text, function () { submit(null, 1); })) { ta.focus(); return; }
          ta.value = "";
          onDone(r.data);
        }, function (x) {
          err.textContent = x.message;
          (x.field === "author_name" ? name : ta).focus();
        }).then(function () { send.disabled = false; });
      }
      f.addEventListener("submit", submit);
      f.ta = ta;
      return f;
    }

    function added(c, into, before) {
      var el = renderComment(c);
      el.classList.add("new");
      into.insertBefore(el, before || null);
      if (!c.pending) setCount(count + 1);
      el.focus();
      return el;
    }

    function reply(el) {
      var c = el.c, slot = el.firstChild.querySelector(".slot");
      if (slot.firstChild) { slot.querySelector("textarea").focus(); return; }
      var trigger = el.firstChild.querySelector(".rp");
      var f = form(c, function (r) {
        slot.textContent = "";
        c.reply_count++;
        var rs = el.lastChild;
        added(r, rs, rs.querySelector(":scope>.more"));
        say(r.message || "Your reply was posted.");
      }, function () { slot.textContent = ""; if (trigger) trigger.focus(); });
      slot.appendChild(f);
      f.ta.focus();
    }

    function edit(el) {
      var c = el.c, slot = el.firstChild.querySelector(".slot"), tid = uid("e"), err = h("p", { class: "err", role: "alert" });
      var ta = h("textarea", { id: tid, rows: 4, maxlength: cfg.max_comment_length });
      ta.value = c.text || "";
      var ng = h("div", { class: "ng", role: "alert" });
      var f = h("form", {}, [h("label", { for: tid, text: "Edit your comment" }), ta, err, ng, h("div", { class: "row" }, [
        h("button", { class: "btn", type: "submit", text: "Save" }),
        h("button", { class: "lnk", type: "button", text: "Cancel", onclick: function () { fill(el, c, ".rp"); } })
      ])]);
      f.addEventListener("submit", function save(e, anyway) {
        if (e) e.preventDefault();
        write("PATCH", "/comments/" + c.id, { text: ta.value, post_anyway: !!anyway }).then(function (r) {
          if (!verdict(r.data, ng, ta.value, function () { save(null, 1); })) { ta.focus(); return; }
          fill(el, r.data);
          el.focus();
          say("Your comment was updated.");
        }, function (x) { err.textContent = x.message; ta.focus(); });
      });
      slot.textContent = "";
      slot.appendChild(f);
      ta.focus();
    }

    function askDelete(el, btn) {
      var c = el.c, ft = btn.parentNode;
      var box = h("span", { class: "ask", role: "group", "aria-label": "Confirm deletion" }, [
        "Delete this comment? ",
        h("button", { class: "lnk", type: "button", text: "Yes, delete", onclick: function () {
          write("DELETE", "/comments/" + c.id).then(function () {
            setCount(count - 1);
            say("Your comment was deleted.");
            if (c.reply_count > 0) { c.deleted = true; fill(el, c); el.focus(); } else {
              var up = el.parentNode.closest(".c"), next = el.nextElementSibling || up || list;
              if (up) up.c.reply_count--;
              el.remove();
              delete known[c.id];
              next.setAttribute("tabindex", next.getAttribute("tabindex") || "-1");
              next.focus();
            }
          }, function (x) { say(x.message); });
        } }),
        h("button", { class: "lnk", type: "button", text: "Cancel", onclick: function () { box.remove(); btn.hidden = false; btn.focus(); } })
      ]);
      btn.hidden = true;
      ft.appendChild(box);
      box.children[0].focus();
    }

    /* ---------- accounts: the line above the comment form, sign-in and sign-up ---------- */
    function me() { return get("acct"); }
    function canPost() { return cfg.allow_anonymous || !!me(); }
    function btn(text, cls, onclick) { return h("button", { class: cls || "lnk", type: "button", text: text, onclick: onclick }); }
    function each(fw, v) { [].forEach.call(fw.children, function (c) { c.hidden = v; }); }
    // Sign-in or sign-out changes whose comments are "mine": redraw the form and reload the list.
    function changed(msg, focus) { top(focus); load(); say(msg); }
    relog = function () { changed("Your session ended; please sign in again.", ".acc button"); };
    // Another tab of this site signed in or out: follow it, so no tab posts under a stale identity.
    W.addEventListener("storage", function (e) {
      if (e.key === PREFIX + "acct") changed(e.newValue ? "Signed in as " + e.newValue + " in another tab." : "You were signed out in another tab.");
    });

    // (Re)draw the account line and the comment form above the list; a draft in the form survives.
    function top(focus) {
      var fw = section.querySelector(".fw"), old = fw.querySelector("textarea"), n = me();
      var acc = h("p", { class: "acc" }, n ? ["Signed in as ", h("b", { text: n }), " · ",
        btn("Sign out", 0, function () { signOut(); changed("You are signed out.", ".acc button"); })] :
        cfg.allow_accounts === false ? [cfg.allow_anonymous ? null : "This site does not accept anonymous comments."] :
        [cfg.allow_anonymous ? "Have an account? " : "Sign in or create an account to comment. ",
          btn("Sign in", 0, function () { auth(0, this); }), btn("Create account", 0, function () { auth(1, this); })]);
      fw.textContent = "";
      fw.appendChild(acc);
      if (canPost()) {
        var f = form(null, function (c) {
          var at = list.firstChild;
          if (at && at.tagName === "P") { list.textContent = ""; at = null; }
          added(c, list, at);
          say(c.message || "Your comment was posted.");
        });
        if (old) f.ta.value = old.value;
        fw.appendChild(f);
      }
      var el = focus && fw.querySelector(focus);
      if (el) el.focus();
    }

    // The sign-in (up = 0) or sign-up (up = 1) form, in place of the account line and the comment form
    // until it succeeds or is cancelled. The API's errors are shown under the field they name.
    function auth(up, trigger) {
      var fw = section.querySelector(".fw"), hid = uid("h"), gen = h("p", { class: "err", role: "alert" }), ins = {};
      function field(k, label, type, ac) {
        var id = uid("f"), e = h("p", { class: "err", id: id + "e" });
        var i = ins[k] = h("input", { id: id, name: k, type: type, autocomplete: ac, required: true, "aria-describedby": id + "e" });
        i.e = e;
        return h("div", { class: "nm" }, [h("label", { for: id, text: label }), i, e]);
      }
      function mark(k, m) { var i = ins[k]; i.e.textContent = m; i.setAttribute("aria-invalid", "true"); i.focus(); return i; }
      function cancel() { f.remove(); each(fw, false); trigger.focus(); }
      var send = h("button", { class: "btn", type: "submit", text: up ? "Create account" : "Sign in" });
      var f = h("form", { class: "sg", novalidate: true, "aria-labelledby": hid }, [
        h("h3", { id: hid, text: up ? "Create an account" : "Sign in" }),
        h("div", { class: "row" }, [field("email", "E-mail", "email", "email"),
          field("password", up ? "Password (10+ characters)" : "Password", "password", up ? "new-password" : "current-password"),
          up ? field("display_name", "Display name", "text", "nickname") : null]),
        gen, h("div", { class: "go" }, [btn("Cancel", 0, cancel), send])
      ]);
      if (up) ins.display_name.value = get("name") || "";
      f.addEventListener("keydown", function (e) { if (e.key === "Escape") { e.preventDefault(); cancel(); } });
      f.addEventListener("submit", function (e) {
        e.preventDefault();
        var b = {}, bad = null;
        gen.textContent = "";
        for (var k in ins) {
          var i = ins[k];
          i.e.textContent = "";
          i.removeAttribute("aria-invalid");
          b[k] = k === "password" ? i.value : i.value.trim();
          if (!b[k] && !bad) bad = mark(k, "Please fill this in.");
        }
        if (bad) return;
        send.disabled = true;
        api("POST", up ? "/accounts" : "/sessions", b).then(function (r) {
          signIn(r);
          changed("Welcome, " + r.data.display_name + "!", "textarea");
        }, function (x) {
          send.disabled = false;
          var m = x.message.replace(/^\w+: /, "");
          if (ins[x.field]) mark(x.field, m.charAt(0).toUpperCase() + m.slice(1)); else gen.textContent = x.message;
        });
      });
      each(fw, true);
      fw.appendChild(f);
      ins.email.focus();
    }

    /* ---------- loading, paging, live refresh ---------- */
    function page(cursor) {
      moreBtn.disabled = true;
      return api("GET", listPath({ cursor: cursor })).then(function (r) {
        var data = r.data, first = null;
        if (!cursor) {
          list.textContent = "";
          known = {};
          if (sort === "newest") { etag = r.etag; based = true; }
        }
        setCount(data.thread ? data.thread.comment_count : 0);
        remember(data.comments);
        data.comments.forEach(function (c) {
          if (known[c.id]) return;
          var el = renderComment(c);
          list.appendChild(el);
          first = first || el;
        });
        if (!data.comments.length && !cursor) list.appendChild(h("p", { class: "gone", text: "No comments yet. Be the first to share your thoughts." }));
        var left = data.total - list.querySelectorAll(":scope>.c").length;
        moreBtn.hidden = !data.next_cursor;
        moreBtn.disabled = false;
        moreBtn.textContent = "Load more comments" + (left > 0 ? " (" + left + " more)" : "");
        moreBtn.onclick = function () { page(data.next_cursor).then(function (f) { if (f) f.focus(); }); };
        return first;
      }, function (e) {
        moreBtn.disabled = false;
        if (!cursor) { list.textContent = ""; list.appendChild(h("p", { class: "err", text: "Comments could not be loaded: " + e.message })); }
        else say(e.message);
      });
    }

    function load() { return page(null).then(function () { if (!based) poll(); }); }

    function poll() {
      root.querySelectorAll("time").forEach(function (t) { t.textContent = ago(t.getAttribute("datetime")); });
      // Once the edit window closes, drop the Edit and Delete buttons (unless a form is open).
      Object.keys(known).forEach(function (id) {
        var el = known[id];
        if (el.changeable && !canChange(el.c) && !el.firstChild.querySelector(".slot").firstChild) fill(el, el.c);
      });
      if (d.visibilityState === "hidden") return;
      api("GET", listPath({ sort: "newest" }), null, etag).then(function (r) {
        if (r.status === 304) return;
        etag = r.etag;
        var data = r.data, fresh = [], replies = 0;
        if (data.thread) setCount(data.thread.comment_count);
        if (!based) { based = true; remember(data.comments); return; }
        (function walk(cs, parentEl) {
          cs.forEach(function (c) {
            if (!seen[c.id]) {
              seen[c.id] = 1;
              if (!parentEl) fresh.push(c);
              else if (parentEl) {
                parentEl.c.reply_count++;
                var rs = parentEl.lastChild, el = renderComment(c);
                el.classList.add("new");
                rs.insertBefore(el, rs.querySelector(":scope>.more"));
                replies++;
              }
              remember(c.replies);
            } else if (known[c.id]) walk(c.replies || [], known[c.id]);
          });
        })(data.comments, null);
        if (fresh.length && sort === "newest") {
          var at = list.firstChild;
          if (at && at.tagName === "P") { list.textContent = ""; at = null; }
          fresh.forEach(function (c) { var el = renderComment(c); el.classList.add("new"); list.insertBefore(el, at); });
        }
        var n = fresh.length + replies;
        if (n) say(plural(n, "new comment", "new comments") + (fresh.length && sort !== "newest" ? " (sort by Newest to see them)." : "."));
      }, function () { /* offline: try again on the next tick */ });
    }

    api("GET", "/config").then(function (r) {
      cfg = r.data;
      var pol = section.querySelector(".pol");
      if (cfg.policy_text) { pol.textContent = cfg.policy_text; pol.hidden = false; }
      top();
      return load();
    }).then(function () {
      var m = /^#civility-comment-(\d+)$/.exec(location.hash), el = m && known[m[1]];
      if (el) { el.scrollIntoView({ block: "center" }); el.classList.add("new"); el.focus(); }
    }, function (e) {
      list.textContent = "";
      list.appendChild(h("p", { class: "err", text: "Comments are unavailable: " + e.message }));
    });
    setInterval(poll, +ds.poll || 12000);
    d.addEventListener("visibilitychange", function () { if (d.visibilityState === "visible") poll(); });
  }
})();
