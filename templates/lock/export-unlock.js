/* journalgen: open a locked export with WebCrypto. The whole document is one encrypted blob in
   the #jg-data block of this file (format: "Locked journal" in journalgen's README). */
(function () {
  "use strict";

  var form = document.getElementById("jg-form");
  var password = document.getElementById("jg-password");
  var button = document.getElementById("jg-unlock");
  var status = document.getElementById("jg-status");
  var error = document.getElementById("jg-error");
  var utf8 = new TextEncoder();
  var info = JSON.parse(document.getElementById("jg-data").textContent);

  function unhex(text) {
    var out = new Uint8Array(text.length / 2);
    for (var i = 0; i < out.length; i++) out[i] = parseInt(text.substr(2 * i, 2), 16);
    return out;
  }

  async function open(text) {
    var salt = unhex(info.salt);
    var base = await crypto.subtle.importKey("raw", utf8.encode(text.normalize("NFC")), "PBKDF2", false, ["deriveBits"]);
    var master = await crypto.subtle.deriveBits(
      { name: "PBKDF2", hash: "SHA-256", salt: salt, iterations: info.iterations }, base, 256);
    var hkdf = await crypto.subtle.importKey("raw", master, "HKDF", false, ["deriveKey"]);
    var aes = await crypto.subtle.deriveKey(
      { name: "HKDF", hash: "SHA-256", salt: salt, info: utf8.encode("journalgen/1 aes-gcm") },
      hkdf, { name: "AES-GCM", length: 256 }, false, ["decrypt"]);
    var bytes = atob(info.blob);
    var raw = new Uint8Array(bytes.length);
    for (var i = 0; i < bytes.length; i++) raw[i] = bytes.charCodeAt(i);
    if (raw[0] !== 1) throw new Error("this file was made by a newer journalgen");
    var plain = new Uint8Array(await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: raw.subarray(1, 13), additionalData: utf8.encode("journalgen/1:" + info.path) },
      aes, raw.subarray(13)));
    var length = new DataView(plain.buffer).getUint32(0);
    return new TextDecoder().decode(plain.subarray(4, 4 + length));
  }

  function show(text) {
    var doc = new DOMParser().parseFromString(text, "text/html");
    doc.querySelectorAll("script").forEach(function (s) { s.remove(); });
    document.querySelectorAll("style").forEach(function (s) { s.remove(); });
    doc.head.querySelectorAll("style").forEach(function (s) {
      var style = document.createElement("style");
      style.textContent = s.textContent;
      document.head.appendChild(style);
    });
    var body = document.body;
    document.documentElement.classList.remove("jg-locked");
    Array.from(body.attributes).forEach(function (a) { body.removeAttribute(a.name); });
    Array.from(doc.body.attributes).forEach(function (a) { body.setAttribute(a.name, a.value); });
    body.replaceChildren.apply(body, Array.from(doc.body.childNodes).map(function (n) { return document.adoptNode(n); }));
    document.title = doc.title;
    window.scrollTo(0, 0);
  }

  if (!window.isSecureContext || !window.crypto || !window.crypto.subtle) {
    error.textContent = "This browser offers no WebCrypto here, so the file cannot be decrypted. Open it from disk.";
    password.disabled = true;
    button.disabled = true;
    return;
  }

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    button.disabled = true;
    error.textContent = "";
    status.textContent = "Opening…";
    try {
      show(await open(password.value));
    } catch (e) {
      status.textContent = "";
      error.textContent = e.name === "OperationError"
        ? "That password does not open this file. Check it and try again."
        : "Could not open the file: " + e.message;
      password.select();
    } finally {
      button.disabled = false;
    }
  });
  password.focus();
})();
