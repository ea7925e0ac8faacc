// Civility dashboard: keyboard-first queue work. j/k move, a approve, r reject (reason, Enter), s spam,
// b ban, x select, ? help. Actions are POSTed with the session's CSRF token; plain forms work without JS.
(function () {
  "use strict";
  var csrf = document.body.getAttribute("data-csrf");
  var list = document.getElementById("items");
  if (!list) return;
  var site = list.getAttribute("data-site");
  var help = document.getElementById("help");
  var toast = document.getElementById("toast");
  var current = -1;
  var toastTimer = null;

  function items() { return Array.prototype.slice.call(list.querySelectorAll(".item:not(.done)")); }
  function say(text) {
    toast.textContent = text;
    toast.classList.add("show");
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () { toast.classList.remove("show"); }, 2500);
  }
  function select(index) {
    var all = items();
    if (!all.length) { current = -1; return; }
    current = Math.max(0, Math.min(index, all.length - 1));
    all.forEach(function (el, i) { el.classList.toggle("current", i === current); });
    all[current].focus({ preventScroll: true });
    all[current].scrollIntoView({ block: "nearest" });
  }
  function currentItem() { var all = items(); return current >= 0 ? all[current] : null; }
  function updateCount() {
    var n = document.querySelectorAll(".pick:checked").length;
    document.getElementById("selected-count").textContent = n + " selected";
  }

  // Keep the queue tabs' counts right after a decision (the page is not reloaded).
  var QUEUE_OF = { pending: "pending", reported: "reported", rejected: "rejected", published: "approved" };
  function bump(queue, delta) {
    var badge = document.querySelector('.tabs a[data-queue="' + queue + '"] .count');
    if (badge) badge.textContent = String(Math.max(0, parseInt(badge.textContent, 10) + delta));
  }
  function moveCount(status, to) {
    var from = QUEUE_OF[status];
    if (from === to) return;
    if (from) bump(from, -1);
    bump(to, 1);
  }

  function act(item, action, extra) {
    var body = new URLSearchParams();
    body.set("action", action);
    Object.keys(extra || {}).forEach(function (k) { body.set(k, extra[k]); });
    return fetch("/dashboard/sites/" + encodeURIComponent(site) + "/comments/" + item.getAttribute("data-id"), {
      method: "POST", credentials: "same-origin", body: body,
      headers: { "X-CSRF-Token": csrf, "Accept": "application/json" }
    }).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok) throw new Error(data.error ? data.error.message : "refused");
        return data.message;
      });
    }).then(function (message) {
      say(message);
      if (action === "approve" || action === "reject" || action === "spam") {
        moveCount(item.getAttribute("data-status"), action === "approve" ? "approved" : "rejected");
        item.setAttribute("data-status", action === "approve" ? "published" : "rejected");
        var index = current;
        item.classList.add("done");
        item.classList.remove("current");
        item.setAttribute("data-decided", action);
        select(index);
      } else {
        var tag = document.createElement("span");
        tag.className = "status s-sanction";
        tag.textContent = action;
        item.querySelector(".meta").appendChild(tag);
      }
    }).catch(function (error) { say(error.message); });
  }

  list.addEventListener("submit", function (event) {
    var form = event.target;
    var button = event.submitter;
    if (!button || !form.classList.contains("actions")) return;
    event.preventDefault();
    var item = form.closest(".item");
    select(items().indexOf(item));
    act(item, button.value, { reason: form.reason.value, days: form.days.value });
  });
  list.addEventListener("click", function (event) {
    var item = event.target.closest(".item");
    if (item && !item.classList.contains("done")) {
      var index = items().indexOf(item);
      if (index !== current) select(index);
    }
  });
  list.addEventListener("change", updateCount);

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    if (target.classList && target.classList.contains("reason")) {
      var own = target.closest(".item");
      if (event.key === "Enter") { event.preventDefault(); target.blur(); act(own, "reject", { reason: target.value }); }
      if (event.key === "Escape") { event.preventDefault(); target.blur(); own.focus(); }
      return;
    }
    if (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT") return;
    var item = currentItem();
    switch (event.key) {
      case "j": select(current + 1); break;
      case "k": select(current - 1); break;
      case "?": help.hidden = !help.hidden; break;
      case "Escape": help.hidden = true; break;
      case "a": if (item) act(item, "approve"); break;
      case "s": if (item) act(item, "spam"); break;
      case "b": if (item) act(item, "ban"); break;
      case "r":
        if (item) { var reason = item.querySelector(".reason"); reason.focus(); say("Type a reason, Enter to reject"); }
        break;
      case "x":
        if (item) { var box = item.querySelector(".pick"); box.checked = !box.checked; updateCount(); }
        break;
      default: return;
    }
    event.preventDefault();
  });
  select(0);
})();
