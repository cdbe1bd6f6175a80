/* journalgen: open a locked journal in this tab with WebCrypto. Nothing is sent anywhere.
   Format: "Locked journal" in journalgen's README. The key, never the password, is kept in
   sessionStorage (and in localStorage when "remember" is ticked) until Lock is pressed.
   The address bar and the browser's history show only "index.html#!" and an encrypted page
   address, and the tab's title stays the same, so the history names no entry, tag or date. */
(function () {
  "use strict";

  var INFO = window.__jgKey;
  var CHECK_PATH = ".journalgen-check";
  var CHECK_NAME = "0000000000000000000000000";
  var STORE_PREFIX = "jg-key:";
  var STORE = STORE_PREFIX + (INFO ? INFO.salt : "");
  var AAD = "journalgen/1:";
  var BASE = "https://x.invalid/";
  var TITLE = "Journal";
  var TYPES = {
    html: "text/html", css: "text/css", js: "text/javascript", json: "application/json",
    svg: "image/svg+xml", png: "image/png", jpg: "image/jpeg", jpeg: "image/jpeg", gif: "image/gif",
    webp: "image/webp", avif: "image/avif", pdf: "application/pdf", txt: "text/plain",
    mp3: "audio/mpeg", m4a: "audio/mp4", ogg: "audio/ogg", mp4: "video/mp4", webm: "video/webm",
    woff2: "font/woff2", woff: "font/woff"
  };
  var utf8 = new TextEncoder();

  var keys = null;      // {aes, names, address, addressIV} while unlocked
  var waiting = {};     // opaque name -> resolve(base64) for a blob script on its way
  var opened = {};      // site path -> Promise of the decrypted bytes
  var urls = {};        // site path -> Promise of a blob: URL
  var shown = null;     // site path of the page on screen
  var turn = 0;         // counts navigations, so a slow page never replaces a newer one
  var positions = {};   // hash -> scroll position, for back and forward
  var addresses = {};   // "path\nanchor" -> Promise of its "#!..." address
  var clicked = false;  // the next navigation comes from a link, not from back or forward
  var busy = false;

  var lockBox = document.getElementById("jg-lock");
  var form = document.getElementById("jg-form");
  var password = document.getElementById("jg-password");
  var remember = document.getElementById("jg-remember");
  var button = document.getElementById("jg-unlock");
  var status = document.getElementById("jg-status");
  var error = document.getElementById("jg-error");
  var lockButton = document.createElement("button");
  lockButton.type = "button";
  lockButton.className = "jg-lockbutton";
  lockButton.textContent = "Lock";
  lockButton.hidden = true;

  window.__jg = {
    blob: function (name, data) {
      var done = waiting[name];
      if (done) {
        delete waiting[name];
        done(data);
      }
    }
  };

  // Bytes and storage

  function hex(bytes) {
    return Array.from(bytes, function (b) { return (b < 16 ? "0" : "") + b.toString(16); }).join("");
  }

  function unhex(text) {
    var out = new Uint8Array(text.length / 2);
    for (var i = 0; i < out.length; i++) out[i] = parseInt(text.substr(2 * i, 2), 16);
    return out;
  }

  function storages() {
    var found = [];
    try { found.push(window.sessionStorage); } catch (e) { /* storage switched off */ }
    try { found.push(window.localStorage); } catch (e) { /* storage switched off */ }
    return found;
  }

  function stored() {
    var list = storages();
    for (var i = 0; i < list.length; i++) {
      var value = list[i].getItem(STORE);
      if (value && /^[0-9a-f]{64}$/.test(value)) return value;
    }
    return null;
  }

  function keep(master, everywhere) {
    var list = storages();
    list.forEach(function (store, i) {
      if (i === 0 || everywhere) {
        try { store.setItem(STORE, hex(master)); } catch (e) { /* full or switched off */ }
      }
    });
  }

  function forget() {
    storages().forEach(function (store) {
      for (var i = store.length - 1; i >= 0; i--) {
        var name = store.key(i);
        if (name && name.indexOf(STORE_PREFIX) === 0) store.removeItem(name);
      }
    });
  }

  // Keys and blobs

  async function derive(text) {
    var base = await crypto.subtle.importKey("raw", utf8.encode(text.normalize("NFC")), "PBKDF2", false, ["deriveBits"]);
    var bits = await crypto.subtle.deriveBits(
      { name: "PBKDF2", hash: "SHA-256", salt: unhex(INFO.salt), iterations: INFO.iterations }, base, 256);
    return new Uint8Array(bits);
  }

  async function keysFrom(master) {
    var salt = unhex(INFO.salt);
    var base = await crypto.subtle.importKey("raw", master, "HKDF", false, ["deriveKey"]);
    function sub(info, algorithm, uses) {
      return crypto.subtle.deriveKey(
        { name: "HKDF", hash: "SHA-256", salt: salt, info: utf8.encode(info) }, base, algorithm, false, uses);
    }
    var hmac = { name: "HMAC", hash: "SHA-256", length: 256 };
    var gcm = { name: "AES-GCM", length: 256 };
    return {
      aes: await sub("journalgen/1 aes-gcm", gcm, ["decrypt"]),
      names: await sub("journalgen/1 names", hmac, ["sign"]),
      address: await sub("journalgen/1 address", gcm, ["encrypt", "decrypt"]),
      addressIV: await sub("journalgen/1 address-iv", hmac, ["sign"])
    };
  }

  async function nameOf(k, path) {
    if (path === CHECK_PATH) return CHECK_NAME;
    var mac = new Uint8Array(await crypto.subtle.sign("HMAC", k.names, utf8.encode(path)));
    var n = 0n;
    for (var i = 0; i < 10; i++) n = n * 256n + BigInt(mac[i]);
    return n.toString().padStart(25, "0");
  }

  function load(name) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      function finish() {
        script.remove();
        if (waiting[name] === resolve) {
          delete waiting[name];
          reject(new Error("missing"));
        }
      }
      waiting[name] = resolve;
      script.onload = finish;
      script.onerror = finish;
      script.src = "x/" + name + ".js";
      document.head.appendChild(script);
    });
  }

  async function decrypt(k, path) {
    var text = atob(await load(await nameOf(k, path)));
    var raw = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i++) raw[i] = text.charCodeAt(i);
    if (raw[0] !== 1) throw new Error("format");
    var plain = new Uint8Array(await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: raw.subarray(1, 13), additionalData: utf8.encode(AAD + path) },
      k.aes, raw.subarray(13)));
    var length = new DataView(plain.buffer).getUint32(0);
    return plain.subarray(4, 4 + length);
  }

  /* Resolves to "ok", "wrong" (the check blob does not open with this key) or "missing". */
  async function tryKey(master) {
    var candidate = await keysFrom(master);
    try {
      await decrypt(candidate, CHECK_PATH);
    } catch (e) {
      return e.name === "OperationError" ? "wrong" : "missing";
    }
    keys = candidate;
    return "ok";
  }

  function open(path) {
    if (!keys) return Promise.reject(new Error("locked"));
    if (!opened[path]) {
      opened[path] = decrypt(keys, path);
      opened[path].catch(function () { delete opened[path]; });
    }
    return opened[path];
  }

  function typeOf(path) {
    var dot = path.lastIndexOf(".");
    return TYPES[path.slice(dot + 1).toLowerCase()] || "application/octet-stream";
  }

  function fileURL(path) {
    if (!urls[path]) {
      urls[path] = open(path).then(async function (data) {
        var type = typeOf(path);
        if (type === "text/css") data = utf8.encode(await cssURLs(new TextDecoder().decode(data), path));
        return URL.createObjectURL(new Blob([data], { type: type }));
      });
      urls[path].catch(function () { delete urls[path]; });
    }
    return urls[path];
  }

  var CSS_URL = /url\(\s*(['"]?)([^'")]+)\1\s*\)/g;

  async function cssURLs(css, base) {
    var found = {};
    css.replace(CSS_URL, function (all, quote, ref) { found[ref] = target(ref, base); return all; });
    await Promise.all(Object.keys(found).map(function (ref) {
      if (!found[ref]) return null;
      return fileURL(found[ref].path).then(function (url) { found[ref] = url; }, function () { found[ref] = null; });
    }));
    return css.replace(CSS_URL, function (all, quote, ref) {
      return typeof found[ref] === "string" ? 'url("' + found[ref] + '")' : all;
    });
  }

  // Paths inside the locked site and the addresses that stand for them

  function decode(text) {
    try { return decodeURIComponent(text); } catch (e) { return text; }
  }

  function encodePath(path) {
    return path.split("/").map(encodeURIComponent).join("/");
  }

  /* The site path and anchor a link in the page at `base` points to; null when it leaves the site. */
  function target(href, base) {
    href = (href || "").trim();
    if (!href || /^[a-z][a-z0-9+.-]*:/i.test(href) || href.indexOf("//") === 0) return null;
    var url;
    try { url = new URL(href, BASE + encodePath(base)); } catch (e) { return null; }
    var path = decode(url.pathname.slice(1));
    if (path === "" || path.slice(-1) === "/") path += "index.html";
    return { path: path, anchor: decode(url.hash.slice(1)) };
  }

  function base64url(bytes) {
    var text = "";
    for (var i = 0; i < bytes.length; i++) text += String.fromCharCode(bytes[i]);
    return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function unbase64url(text) {
    var raw = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    var out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
    return out;
  }

  /* The address of a page (and anchor) as "#!" + base64url(iv | AES-GCM(path "\n" anchor)): the
     same page always gets the same address, and only the key can read it. */
  function addressOf(where) {
    var text = where.path + "\n" + (where.anchor || "");
    if (!addresses[text]) {
      addresses[text] = (async function () {
        var plain = utf8.encode(text);
        var iv = new Uint8Array(await crypto.subtle.sign("HMAC", keys.addressIV, plain)).slice(0, 12);
        var sealed = new Uint8Array(await crypto.subtle.encrypt({ name: "AES-GCM", iv: iv }, keys.address, plain));
        var both = new Uint8Array(iv.length + sealed.length);
        both.set(iv);
        both.set(sealed, iv.length);
        return "#!" + base64url(both);
      })();
    }
    return addresses[text];
  }

  /* Where the address bar points: an encrypted address, a readable "#/path#anchor" (typed or
     from an older link; replaced by its encrypted form), or an anchor on the page shown. */
  async function route() {
    var h = location.hash;
    if (h === "" || h === "#") return { path: "index.html", anchor: "" };
    if (h.indexOf("#!") === 0) {
      try {
        var both = unbase64url(h.slice(2));
        var plain = await crypto.subtle.decrypt(
          { name: "AES-GCM", iv: both.subarray(0, 12) }, keys.address, both.subarray(12));
        var text = new TextDecoder().decode(plain);
        var cut = text.indexOf("\n");
        return { path: text.slice(0, cut), anchor: text.slice(cut + 1) };
      } catch (e) {
        return { path: "index.html", anchor: "", replace: true };  // made with another key
      }
    }
    if (h.indexOf("#/") === 0) {
      var at = h.indexOf("#", 2);
      var path = decode(at < 0 ? h.slice(2) : h.slice(2, at));
      return { path: path || "index.html", anchor: at < 0 ? "" : decode(h.slice(at + 1)), replace: true };
    }
    return { path: shown || "index.html", anchor: decode(h.slice(1)), replace: true };
  }

  // Showing a decrypted page in this shell

  async function rewrite(doc, base) {
    await Promise.all(Array.from(doc.querySelectorAll("a[href], area[href]"), async function (a) {
      var href = a.getAttribute("href");
      if (href.charAt(0) === "#") return;  // an anchor on this page (skip link, footnote) stays one
      var where = target(href, base);
      if (where) a.setAttribute("href", await addressOf(where));
    }));
    var media = [];
    doc.querySelectorAll("img[src], video[src], audio[src], source[src], track[src], video[poster], image").forEach(function (el) {
      ["src", "poster", "href", "xlink:href"].forEach(function (attr) {
        var where = el.hasAttribute(attr) ? target(el.getAttribute(attr), base) : null;
        if (where) {
          el.removeAttribute(attr);
          media.push({ el: el, attr: attr === "xlink:href" ? "href" : attr, path: where.path });
        }
      });
    });
    doc.querySelectorAll("[srcset]").forEach(function (el) { el.removeAttribute("srcset"); });
    doc.querySelectorAll("iframe, embed, object, base").forEach(function (el) { el.remove(); });
    return media;
  }

  var sheets = [];  // <link> elements of the page on screen

  async function applyStyles(list) {
    var keepers = [];
    var loads = [];
    list.forEach(function (url) {
      var link = sheets.find(function (l) { return l.href === url; });
      if (!link) {
        link = document.createElement("link");
        link.rel = "stylesheet";
        link.href = url;
        loads.push(new Promise(function (resolve) { link.onload = link.onerror = resolve; }));
        document.head.appendChild(link);
      }
      keepers.push(link);
    });
    await Promise.all(loads);
    sheets.forEach(function (l) { if (keepers.indexOf(l) < 0) l.remove(); });
    sheets = keepers;
  }

  function putBody(attributes, nodes, locked) {
    var body = document.body;
    // `journalgen serve` puts a banner naming a broken entry at the top of the page: it stays.
    var banners = Array.from(body.children).filter(function (el) { return el.classList.contains("journalgen-error"); });
    Array.from(body.attributes).forEach(function (a) { body.removeAttribute(a.name); });
    attributes.forEach(function (a) { body.setAttribute(a.name, a.value); });
    document.documentElement.classList.toggle("jg-locked", Boolean(locked));
    body.replaceChildren.apply(body, banners.concat(nodes, [lockButton]));  // the form leaves until a reload
    lockButton.hidden = false;
    document.title = TITLE;  // never the page's own: the browser's history keeps titles
  }

  function place(where, fresh) {
    var spot = where.anchor ? document.getElementById(where.anchor) : null;
    if (spot) {
      spot.scrollIntoView();
    } else {
      window.scrollTo(0, fresh ? 0 : positions[location.hash] || 0);
    }
    var focus = spot || document.getElementById("main") || document.querySelector("main");
    if (!focus) return;
    if (!focus.hasAttribute("tabindex") && !/^(A|BUTTON|INPUT|SELECT|TEXTAREA)$/.test(focus.tagName)) {
      focus.setAttribute("tabindex", "-1");
    }
    focus.focus({ preventScroll: true });
  }

  function runScript(path, mine) {
    return fileURL(path).then(function (url) {
      return new Promise(function (resolve) {
        if (mine !== turn) return resolve();
        var script = document.createElement("script");
        script.onload = script.onerror = function () { resolve(); };
        script.src = url;
        document.body.appendChild(script);
      });
    }, function () {});
  }

  function notice(text) {
    var main = document.createElement("main");
    main.id = "main";
    main.className = "jg-lock";
    var p = document.createElement("p");
    p.textContent = text;
    var back = document.createElement("a");
    back.href = "#";
    back.textContent = "Back to the start";
    main.append(p, back);
    return main;
  }

  async function showFile(where, mine) {
    var url = await fileURL(where.path);
    if (mine !== turn) return;
    var name = where.path.split("/").pop();
    var main = document.createElement("main");
    main.id = "main";
    main.className = "jg-lock jg-file";
    if (/^image\//.test(typeOf(where.path))) {
      var img = document.createElement("img");
      img.src = url;
      img.alt = name;
      main.append(img);
    }
    var p = document.createElement("p");
    var save = document.createElement("a");
    save.href = url;
    save.download = name;
    save.textContent = "Save " + name;
    p.append(save);
    main.append(p);
    putBody([], [main], true);
  }

  async function go() {
    var mine = ++turn;
    var fresh = clicked;
    clicked = false;
    var where = await route();
    if (mine !== turn || !keys) return;
    if (where.replace) history.replaceState(history.state, "", await addressOf(where));
    if (where.path === shown) {
      place(where, fresh);
      return;
    }
    var data;
    try {
      data = await open(where.path);
    } catch (e) {
      if (mine === turn && keys) {
        putBody([], [notice("This page is not in the journal.")], true);
        shown = null;
      }
      return;
    }
    if (mine !== turn || !keys) return;
    if (!/\.html?$/i.test(where.path)) {
      await showFile(where, mine);
      shown = where.path;
      return;
    }
    var doc = new DOMParser().parseFromString(new TextDecoder().decode(data), "text/html");
    var styles = [];
    doc.querySelectorAll('link[rel~="stylesheet"][href]').forEach(function (link) {
      var at = target(link.getAttribute("href"), where.path);
      if (at) styles.push(at.path);
    });
    var scripts = [];
    doc.querySelectorAll("script").forEach(function (script) {
      var at = script.hasAttribute("src") ? target(script.getAttribute("src"), where.path) : null;
      if (at) scripts.push(at.path);
      script.remove();
    });
    doc.body.querySelectorAll("link, style, meta").forEach(function (el) { el.remove(); });
    var media = await rewrite(doc, where.path);
    var styleURLs = await Promise.all(styles.map(function (p) { return fileURL(p).catch(function () { return null; }); }));
    if (mine !== turn || !keys) return;
    await applyStyles(styleURLs.filter(Boolean));
    if (mine !== turn || !keys) return;
    var nodes = Array.from(doc.body.childNodes).map(function (n) { return document.adoptNode(n); });
    putBody(Array.from(doc.body.attributes), nodes);
    if (doc.documentElement.lang) document.documentElement.lang = doc.documentElement.lang;
    shown = where.path;
    media.forEach(function (m) {
      fileURL(m.path).then(function (url) { m.el.setAttribute(m.attr, url); }, function () {});
    });
    place(where, fresh || mine === 1);
    for (var i = 0; i < scripts.length; i++) await runScript(scripts[i], mine);
  }

  // The lock form and button

  function fail(text) {
    error.textContent = text;
    [password, remember, button].forEach(function (el) { el.disabled = true; });
  }

  async function unlock(event) {
    event.preventDefault();
    if (busy) return;
    busy = true;
    button.disabled = true;
    error.textContent = "";
    status.textContent = "Opening…";
    try {
      var master = await derive(password.value);
      var outcome = await tryKey(master);
      status.textContent = "";
      if (outcome === "wrong") {
        error.textContent = "That password does not open this journal. Check it and try again.";
        password.select();
        return;
      }
      if (outcome === "missing") {
        error.textContent = "The journal's encrypted files are missing here (the x folder). Copy the whole site folder.";
        return;
      }
      keep(master, remember.checked);
      password.value = "";
      await go();
    } catch (e) {
      status.textContent = "";
      error.textContent = "Could not open the journal: " + e.message;
    } finally {
      busy = false;
      button.disabled = false;
    }
  }

  function lock() {
    forget();
    keys = null;
    location.reload();  // also drops every decrypted byte and page script from this tab
  }

  function onClick(event) {
    if (!keys || event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    var a = event.target.closest ? event.target.closest("a[href]") : null;
    if (!a || a.hasAttribute("download") || (a.target && a.target !== "_self")) return;
    var href = a.getAttribute("href");
    if (href.indexOf("#!") === 0) {
      clicked = true;
      return;
    }
    if (href.charAt(0) === "#") return;
    var where = target(href, shown || "index.html");
    if (!where) return;
    event.preventDefault();
    addressOf(where).then(function (address) {
      clicked = true;
      location.hash = address.slice(1);
    });
  }

  function start() {
    if (!INFO || INFO.format !== 1) {
      fail("This journal cannot be opened: assets/keyinfo.js is missing or was made by a newer journalgen.");
      return;
    }
    if (!window.isSecureContext || !window.crypto || !window.crypto.subtle) {
      fail("This browser offers no WebCrypto on this connection, so nothing here can be decrypted. " +
        "Browsers allow it only for files opened from disk, for http://localhost and over HTTPS; " +
        "this page came over plain HTTP from another computer. Open the site from disk or over HTTPS.");
      return;
    }
    history.scrollRestoration = "manual";
    form.addEventListener("submit", unlock);
    lockButton.addEventListener("click", lock);
    document.addEventListener("click", onClick);
    window.addEventListener("hashchange", function (event) {
      positions[new URL(event.oldURL).hash] = window.scrollY;
      if (keys) go();
    });
    window.addEventListener("storage", function (event) {
      if (keys && (event.key === null || event.key === STORE) && !event.newValue) lock();
    });
    var saved = stored();
    if (!saved) {
      password.focus();
      return;
    }
    status.textContent = "Opening…";
    tryKey(unhex(saved)).then(function (outcome) {
      status.textContent = "";
      if (outcome === "ok") return go();
      forget();
      password.focus();
    });
  }

  start();
})();
