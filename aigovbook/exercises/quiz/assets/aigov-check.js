/* aigov-check.js: the book's exercises, checked in the page without a kernel.
 * Each holder <div data-exercise-id="Q4.1"> carries JSON made from the bank by
 * aigovbook/exercises/static.py. This script adds labelled controls, checks
 * answers exactly as aigovbook/exercises/kinds.py does (a differential test
 * compares them), keeps answers in localStorage per book version and fills
 * the "My progress" page. After a check the holder's data-state is correct,
 * incorrect, partial or invalid. Nothing is sent anywhere.
 */
(() => {
"use strict";
let WS = "\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
let WS_RUN = new RegExp("[" + WS + "]+", "g");
let WS_EDGE = new RegExp("^[" + WS + "]+|[" + WS + "]+$", "g");
let ND = /\p{Nd}/u;
let NONPRINT = /^[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]$/u;
const strip = (s) => s.replace(WS_EDGE, "");
const words = (s) => s.split(WS_RUN).filter((w) => w !== "");
const casefold = (s) => s.toUpperCase().toLowerCase();
const isMap = (v) => v instanceof Map;
const isInt = (v) => typeof v === "number" && Number.isInteger(v);
function digitValue(ch) {
  let cp = ch.codePointAt(0), start = cp;
  while (start > 0 && ND.test(String.fromCodePoint(start - 1))) start--;
  return String((cp - start) % 10);
}
const asciiDigits = (s) => s.replace(/\p{Nd}/gu, digitValue);
function pyFloat(x) {
  if (x !== x) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  if (x === 0) return 1 / x < 0 ? "-0.0" : "0.0";
  let m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(x.toExponential());
  let sign = m[1], digits = m[2] + (m[3] || ""), exp = +m[4];
  if (exp < -4 || exp >= 16) {
    let a = Math.abs(exp);
    return sign + digits[0] + (digits.length > 1 ? "." + digits.slice(1) : "") +
      "e" + (exp < 0 ? "-" : "+") + (a < 10 ? "0" : "") + a;
  }
  if (exp >= digits.length - 1) return sign + digits + "0".repeat(exp - digits.length + 1) + ".0";
  if (exp >= 0) return sign + digits.slice(0, exp + 1) + "." + digits.slice(exp + 1);
  return sign + "0." + "0".repeat(-exp - 1) + digits;
}
const hex = (n, w) => n.toString(16).padStart(w, "0");
function reprStr(s) {
  let q = s.indexOf("'") >= 0 && s.indexOf('"') < 0 ? '"' : "'", out = q;
  for (let ch of s) {
    let cp = ch.codePointAt(0);
    if (ch === q || ch === "\\") out += "\\" + ch;
    else if (ch === "\t") out += "\\t";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch !== " " && NONPRINT.test(ch)) {
      out += cp < 0x100 ? "\\x" + hex(cp, 2) : cp < 0x10000 ? "\\u" + hex(cp, 4) : "\\U" + hex(cp, 8);
    } else out += ch;
  }
  return out + q;
}
// str(value) and repr(value) of the Python value a JSON answer stands for
function pyStr(v) {
  if (typeof v === "string") return v;
  return pyRepr(v);
}
function pyRepr(v) {
  if (v === null || v === undefined) return "None";
  if (v === true) return "True";
  if (v === false) return "False";
  if (typeof v === "string") return reprStr(v);
  if (typeof v === "number") return isInt(v) ? String(v) : pyFloat(v);
  if (Array.isArray(v)) return "[" + v.map(pyRepr).join(", ") + "]";
  if (isMap(v)) {
    let parts = [];
    v.forEach((val, key) => { parts.push(pyRepr(key) + ": " + pyRepr(val)); });
    return "{" + parts.join(", ") + "}";
  }
  return String(v);
}
function short(v, limit) {
  limit = limit || 40;
  let text = Array.from(words(pyStr(v)).join(" "));
  return text.length <= limit ? text.join("") : text.slice(0, limit - 1).join("") + "…";
}
function isBlank(v) {
  if (v === null || v === undefined) return true;
  if (typeof v === "string") return strip(v) === "";
  if (Array.isArray(v)) return v.length === 0;
  if (isMap(v)) return v.size === 0;
  return false;
}
const plural = (n, word) => n + " " + (n === 1 ? word : word + "s");
function listing(labels) {
  if (!labels.length) return "none";
  if (labels.length === 1) return labels[0];
  return labels.slice(0, -1).join(", ") + " and " + labels[labels.length - 1];
}
function splitList(s) {
  return s.split(/[,;\n]/).filter((p) => strip(p) !== "");
}
function fb(correct, message, items, hint, valid, score) {
  return { correct, message, items: items || [], hint: hint || "", valid, score: score || 0 };
}
const invalid = (message, hint) => fb(false, message, [], hint, false, 0);
const item = (key, label, ok, explanation) => ({ item: key, label, ok, explanation: explanation || "" });
function tally(items, allRight, where, hint) {
  let n = items.length, right = items.filter((i) => i.ok).length;
  if (right === n) return fb(true, "Correct: " + allRight + ".", items, "", true, 1);
  return fb(false, right + " of " + n + " items are " + where + ".", items, hint, true, right / n);
}
// One built exercise variant (see static.variant) with lookups prepared.
function prepare(v) {
  if (v._ready) return v;
  v.byKey = new Map((v.options || []).map((o) => [o[0], o[1]]));
  v.whyMap = new Map(Object.entries(v.why || {}));
  v._ready = true;
  return v;
}
const label = (v, key) => v.byKey.has(key) ? v.byKey.get(key) : key;
const why = (v, key) => v.whyMap.has(key) ? v.whyMap.get(key) : "";
function resolve(v, value) {
  if (typeof value !== "string" && !isInt(value)) return null;
  let text = strip(pyStr(value));
  if (v.byKey.has(text)) return text;
  let folded = casefold(text);
  for (let o of v.options) {
    if (folded === casefold(o[0]) || folded === casefold(o[1])) return o[0];
  }
  return null;
}
function unknown(v, value) {
  let shown = v.options.slice(0, 8).map((o) => o[1]).join(", ");
  return "“" + short(value) + "” is not one of the options. The options are: " +
    shown + (v.options.length > 8 ? " …" : "") + ".";
}
function checkChoice(v, a) {
  if (Array.isArray(a)) {
    let vals = a.filter((x) => !isBlank(x));
    if (vals.length > 1) return invalid("Choose only one option.", v.hint);
    a = vals.length ? vals[0] : null;
  }
  if (isBlank(a)) return invalid("Choose one of the options, then press Check.", v.hint);
  let key = resolve(v, a);
  if (key === null) return invalid(unknown(v, a), v.hint);
  let ok = key === v.answer, it = [item(key, label(v, key), ok, why(v, key))];
  if (ok) return fb(true, "Correct.", it, "", true, 1);
  return fb(false, "Not quite: that is not the best answer.", it, v.hint, true, 0);
}
function checkSelect(v, a) {
  let vals;
  if (a === null || a === undefined) vals = [];
  else if (typeof a === "string") vals = splitList(a);
  else if (isMap(a)) { vals = []; a.forEach((x, k) => { if (x === true) vals.push(k); }); }
  else if (Array.isArray(a)) vals = a;
  else return invalid("Select one or more options (for example “G20, UN”).", v.hint);
  let keys = [];
  for (let value of vals) {
    let key = resolve(v, value);
    if (key === null) return invalid(unknown(v, value), v.hint);
    if (keys.indexOf(key) >= 0) {
      return invalid("You selected " + label(v, key) + " twice. Select each option at most once.", v.hint);
    }
    keys.push(key);
  }
  let answer = new Set(v.answer);
  if (!keys.length && answer.size) {
    return invalid("You have not selected anything yet. Select every option that applies.", v.hint);
  }
  let chosen = new Set(keys), items = [], right = 0, wrong = 0, missed = 0;
  v.options.forEach((o) => {
    if (chosen.has(o[0])) items.push(item(o[0], o[1], answer.has(o[0]), why(v, o[0])));
  });
  chosen.forEach((k) => { if (answer.has(k)) right++; else wrong++; });
  answer.forEach((k) => { if (!chosen.has(k)) missed++; });
  let total = answer.size, score = total + wrong ? right / (total + wrong) : 1;
  if (!wrong && !missed) return fb(true, "Correct: you selected exactly the right options.", items, "", true, 1);
  let parts = [];
  if (total) parts.push("You found " + right + " of " + total + ".");
  if (wrong) parts.push(plural(wrong, "selection") + " " + (wrong === 1 ? "is" : "are") + " wrong.");
  if (missed) parts.push(plural(missed, "option") + " " + (missed === 1 ? "is" : "are") + " still missing.");
  return fb(false, "Partly right. " + parts.join(" "), items, v.hint, true, score);
}
// Python's format(x, ",.{d}f"): exact binary value, rounded half to even.
function fixed(x, d) {
  let neg = x < 0 || (x === 0 && 1 / x < 0), view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(x));
  let hi = view.getUint32(0), e = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(view.getUint32(4));
  if (e) m |= 1n << 52n; else e = 1;
  e -= 1075;
  let num = m * 10n ** BigInt(d), q;
  if (e >= 0) q = num << BigInt(e);
  else {
    let den = 1n << BigInt(-e);
    q = num / den;
    let twice = 2n * (num - q * den);
    if (twice > den || (twice === den && (q & 1n))) q += 1n;
  }
  let s = q.toString().padStart(d + 1, "0");
  let whole = d ? s.slice(0, -d) : s, frac = d ? s.slice(-d) : "";
  whole = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return (neg ? "-" : "") + whole + (d ? "." + frac : "");
}
function fmt(v, value) {
  let text = fixed(value, v.decimals);
  if (text.indexOf(".") >= 0) text = text.replace(/0+$/, "").replace(/\.+$/, "");
  let sep = v.unit === "%" ? "" : " ";
  return v.unit ? text + sep + v.unit : text;
}
let NUMBER = /^[+-]?(\p{Nd}+(\.\p{Nd}*)?|\.\p{Nd}+)([eE][+-]?\p{Nd}+)?/u;
let THOUSANDS = /^[+-]?\p{Nd}{1,3}(,\p{Nd}{3})+(\.\p{Nd}+)?(?![\p{L}\p{N}_])[^\n]*$/u;
let GROUP_COMMA = /(?<=\p{Nd}),(?=\p{Nd}{3}(?![\p{L}\p{N}_]))/gu;
let DECIMAL_COMMA = /^[+-]?\p{Nd}+,\p{Nd}+/u;
function parse(v, a) {
  if (typeof a === "boolean") return [null, "Type a number, not True or False."];
  if (typeof a === "number") return isFinite(a) ? [a, ""] : [null, "Type a finite number."];
  if (isBlank(a)) return [null, "Type a number" + (v.unit ? " in " + v.unit : "") + ", then press Check."];
  if (typeof a !== "string") return [null, "Type a number (you gave “" + short(a) + "”)."];
  let text = strip(a).replace(/\u2212/g, "-").replace(/\u00a0/g, " ");
  text = strip(text.replace(/\$/g, ""));
  if (THOUSANDS.test(text)) text = text.replace(GROUP_COMMA, "");
  else if (DECIMAL_COMMA.test(text) && words(text)[0].indexOf(".") < 0) text = text.replace(",", ".");
  let match = NUMBER.exec(text);
  if (!match) {
    return [null, "“" + short(a) + "” is not a number. Type digits, for example " +
      fmt(v, v.minimum !== null && v.minimum !== undefined ? v.minimum : 12.5) + "."];
  }
  let value = Number(asciiDigits(match[0]));
  if (!isFinite(value)) return [null, "Type a finite number."];
  let rest = casefold(strip(text.slice(match[0].length)));
  if (rest) {
    let aliases = (v.aliases || []).concat(v.unit ? [casefold(v.unit)] : []);
    if (aliases.indexOf(rest) < 0) {
      if (v.unit) {
        return [null, "The unit “" + short(rest, 20) + "” does not fit: give the answer in " +
          v.unit + " (for example “" + fmt(v, value) + "”)."];
      }
      return [null, "Type just the number, without “" + short(rest, 20) + "”."];
    }
    return [value, ""];
  }
  if (v.unit === "%" && Math.abs(value) > 0 && Math.abs(value) < 1 && Math.abs(v.answer) >= 1) {
    return [value * 100, "I read " + short(a) + " as a proportion, that is " + fmt(v, value * 100) + "."];
  }
  return [value, ""];
}
function checkNumeric(v, a) {
  let parsed = parse(v, a), value = parsed[0], note = parsed[1];
  if (value === null) return invalid(note, v.hint);
  let has = (x) => x !== null && x !== undefined;
  if (has(v.minimum) && value < v.minimum) {
    return invalid(fmt(v, value) + " is impossible here: the answer cannot be below " + fmt(v, v.minimum) + ".", v.hint);
  }
  if (has(v.maximum) && value > v.maximum) {
    return invalid(fmt(v, value) + " is impossible here: the answer cannot be above " + fmt(v, v.maximum) + ".", v.hint);
  }
  let prefix = note ? note + " " : "", shown = fmt(v, value);
  if (Math.abs(value - v.answer) <= v.tolerance + 1e-9) {
    return fb(true, prefix + "Correct: " + shown + ".", [item("value", shown, true)], "", true, 1);
  }
  let it = [item("value", shown, false)];
  for (let mk of v.mistakes || []) {
    if (Math.abs(value - mk[0]) <= mk[1] + 1e-9) return fb(false, prefix + mk[2], it, v.hint, true, 0);
  }
  let close = Math.abs(value - v.answer) <= 3 * Math.max(v.tolerance, 1e-9);
  let dir = value > v.answer ? "high" : "low";
  let msg = close ? "Close, but " + shown + " is a little too " + dir + "." : "Not quite: " + shown + " is too " + dir + ".";
  return fb(false, prefix + msg, it, v.hint, true, 0);
}
function pyInt(value) {
  let text = strip(pyStr(value));
  if (!/^[+-]?\p{Nd}+(_\p{Nd}+)*$/u.test(text)) return null;
  return Number(BigInt(asciiDigits(text).replace(/_/g, "").replace(/^\+/, "")));
}
function positionsOf(v, a) {
  let n = v.options.length, positions = new Map();
  if (isMap(a)) {
    let used = new Map();
    for (let entry of a) {
      let key = resolve(v, entry[0]), raw = entry[1];
      if (key === null) return [null, unknown(v, entry[0])];
      if (isBlank(raw)) continue;
      let pos = typeof raw === "boolean" ? null : pyInt(raw);
      if (pos === null) return [null, "Give " + label(v, key) + " a position from 1 to " + n + "."];
      if (!(pos >= 1 && pos <= n)) {
        return [null, "Positions go from 1 to " + n + "; " + label(v, key) + " has " + short(raw, 12) + "."];
      }
      if (positions.has(key)) return [null, label(v, key) + " appears twice. Place each item once."];
      if (used.has(pos)) {
        return [null, label(v, used.get(pos)) + " and " + label(v, key) + " are both in position " + pos +
          ". Give every item its own position."];
      }
      positions.set(key, pos);
      used.set(pos, key);
    }
    return [positions, ""];
  }
  if (typeof a === "string") a = splitList(a);
  if (Array.isArray(a)) {
    for (let i = 0; i < a.length; i++) {
      let k = resolve(v, a[i]);
      if (k === null) return [null, unknown(v, a[i])];
      if (positions.has(k)) return [null, label(v, k) + " appears twice. Place each item once."];
      positions.set(k, i + 1);
    }
    return [positions, ""];
  }
  return [null, "Give the items in order, first to last."];
}
function checkOrdering(v, a) {
  let empty = "Put the items in order (give each a position), then press Check.";
  if (isBlank(a)) return invalid(empty, v.hint);
  let got = positionsOf(v, a), positions = got[0], n = v.options.length;
  if (positions === null) return invalid(got[1], v.hint);
  if (!positions.size) return invalid(empty, v.hint);
  if (positions.size < n) {
    let missing = v.options.filter((o) => !positions.has(o[0])).map((o) => o[1]);
    return invalid("You have placed " + positions.size + " of " + n + " items. Still to place: " + listing(missing) + ".", v.hint);
  }
  let right = new Map(v.options.map((o, i) => [o[0], i + 1]));
  let keys = Array.from(positions.keys()).sort((x, y) => positions.get(x) - positions.get(y));
  let items = keys.map((k) => {
    return item(k, label(v, k), positions.get(k) === right.get(k), "you put it in position " + positions.get(k));
  });
  return tally(items, "everything is in the right order", "in the right place", v.hint);
}
function checkClassification(v, a) {
  let empty = "Choose a category for each item, then press Check.";
  if (isBlank(a)) return invalid(empty, v.hint);
  if (!isMap(a)) return invalid("Give a category for each item (item -> category).", v.hint);
  let chosen = new Map();
  for (let entry of a) {
    let key = resolve(v, entry[0]), raw = entry[1];
    if (key === null) return invalid(unknown(v, entry[0]), v.hint);
    if (isBlank(raw)) continue;
    let cat = null;
    if (typeof raw === "string") {
      let folded = casefold(strip(raw));
      cat = v.categories.find((c) => casefold(c) === folded);
      if (cat === undefined) cat = null;
    }
    if (cat === null) {
      return invalid("“" + short(raw) + "” is not a category. Use one of: " + listing(v.categories) + ".", v.hint);
    }
    if (chosen.has(key)) return invalid(label(v, key) + " is classified twice. Classify each item once.", v.hint);
    chosen.set(key, cat);
  }
  let n = v.options.length;
  if (!chosen.size) return invalid(empty, v.hint);
  if (chosen.size < n) {
    let missing = v.options.filter((o) => !chosen.has(o[0])).map((o) => o[1]);
    return invalid("You have classified " + chosen.size + " of " + n + " items. Still to classify: " + listing(missing) + ".", v.hint);
  }
  let items = v.options.map((o) => {
    return item(o[0], o[1], chosen.get(o[0]) === v.answer[o[0]], "you chose “" + chosen.get(o[0]) + "”");
  });
  return tally(items, "every item is in the right category", "in the right category", v.hint);
}
let KINDS = {
  multiple_choice: checkChoice, multiple_select: checkSelect, numeric: checkNumeric,
  ordering: checkOrdering, classification: checkClassification
};
// check(variant, answer) never throws, like Exercise.safe_check.
function check(v, answer) {
  try {
    return KINDS[v.kind](prepare(v), answer);
  } catch (error) {
    return invalid("This answer could not be read (" + (error && error.name) + "). Please check its format and try again.", "");
  }
}
// JSON form of an answer -> checker form: {"$map": [[k, v], ...]} is a mapping (keeps key order).
function decode(x) {
  if (Array.isArray(x)) return x.map(decode);
  if (x && typeof x === "object") {
    if (Array.isArray(x.$map)) return new Map(x.$map.map((p) => [decode(p[0]), decode(p[1])]));
    return new Map(Object.entries(x).map((p) => [p[0], decode(p[1])]));
  }
  return x;
}
function encode(x) {
  if (isMap(x)) { let o = {}; x.forEach((val, k) => { o[k] = encode(val); }); return o; }
  if (Array.isArray(x)) return x.map(encode);
  return x;
}
function stateOf(f) {
  if (!f.valid) return "invalid";
  if (f.correct) return "correct";
  return f.score > 0 ? "partial" : "incorrect";
}
// Stored progress: localStorage "aigov-progress:<version>" holds
//   {"answers": {"<id>": {"params": {"<name>": "<choice>"}, "answer": <JSON>,
//                         "state": "correct|incorrect|partial|invalid", "score": 0..1,
//                         "at": "<ISO time>"}, ...}}
// Each record is what the answer file that ./dev grade reads holds (see
// aigovbook/exercises/grading.py: a record needs "answer"; "params" is an
// object). Every read goes through load(), which checks this schema. A
// stored value that does not match is never used as it is and never
// overwritten: it is moved, verbatim, to "aigov-progress-set-aside:<version>:<time>",
// the records in it that do match are kept, and the page says so with a
// button to download the set-aside copy and one to discard it.
const STATES = ["correct", "incorrect", "partial", "invalid"];
const MAX_STORED = 1000000; // characters; the whole book's progress is about 20,000
const ASIDE = "aigov-progress-set-aside:";
let VERSION = null, STORE = null, NOTICE = null, UNMOVED = null;
const storeKey = () => "aigov-progress:" + VERSION;
const asidePrefix = () => ASIDE + VERSION + ":";
const isObject = (x) => x !== null && typeof x === "object" && !Array.isArray(x);
const own = (o, k) => Object.prototype.hasOwnProperty.call(o, k);
function recordProblem(r) {
  if (!isObject(r)) return "is not a record";
  if (!own(r, "answer")) return "has no answer";
  if (own(r, "params") && r.params !== null) {
    if (!isObject(r.params)) return "has parameters that are not a record";
    for (let k in r.params) if (typeof r.params[k] !== "string") return "has a parameter that is not text";
  }
  if (own(r, "state") && STATES.indexOf(r.state) < 0) return "has an unknown state";
  if (own(r, "score") && !(typeof r.score === "number" && r.score >= 0 && r.score <= 1)) {
    return "has a score that is not a number from 0 to 1";
  }
  if (own(r, "at") && typeof r.at !== "string") return "has a time that is not text";
  return "";
}
// [store, reason]: the usable part of a stored value; reason is "" when all of it matches.
function readStored(raw) {
  let empty = () => ({ answers: Object.create(null) });
  if (raw === null || raw === undefined) return [empty(), ""];
  if (raw.length > MAX_STORED) return [empty(), "it is too large (" + raw.length + " characters)"];
  let got;
  try { got = JSON.parse(raw); } catch (e) { return [empty(), "it is not in JSON format"]; }
  if (!isObject(got)) return [empty(), "it is not a record of answers"];
  if (!isObject(got.answers)) return [empty(), "its list of answers is not a record"];
  let store = empty(), bad = [];
  for (let k in got) if (k !== "answers" && k !== "__proto__") store[k] = got[k]; // kept as they are
  for (let id in got.answers) {
    let problem = recordProblem(got.answers[id]);
    if (problem) bad.push("the answer to " + short(id, 20) + " " + problem);
    else store.answers[id] = got.answers[id];
  }
  if (!bad.length) return [store, ""];
  let more = bad.length > 3 ? " and " + (bad.length - 3) + " more" : "";
  return [store, bad.slice(0, 3).join("; ") + more];
}
function load() {
  if (STORE) return STORE;
  let raw = null;
  try { raw = localStorage.getItem(storeKey()); } catch (e) { /* storage blocked: start empty */ }
  let got = readStored(raw);
  STORE = got[0];
  if (got[1]) setAside(raw, got[1]);
  return STORE;
}
function setAside(raw, reason) {
  let at = new Date().toISOString(), key = asidePrefix() + at, n = 1;
  try {
    while (localStorage.getItem(key) !== null) key = asidePrefix() + at + "-" + (++n);
    localStorage.removeItem(storeKey()); // frees the space the copy needs
    localStorage.setItem(key, raw);
  } catch (e) {
    // Not moved: leave it where it was, keep it in memory, save nothing over it.
    try { localStorage.setItem(storeKey(), raw); } catch (e2) { /* it is still in memory */ }
    UNMOVED = { key: null, at: at, raw: raw };
  }
  let kept = Object.keys(STORE.answers).length;
  NOTICE = "Your saved answers in this browser could not be read: " + reason + ". " +
    (kept ? plural(kept, "answer") + " that could be read " + (kept === 1 ? "was" : "were") + " kept. " : "");
  if (!UNMOVED) save();
}
function save() {
  if (UNMOVED) return; // the unreadable value is still stored under this key
  try { localStorage.setItem(storeKey(), JSON.stringify(STORE)); } catch (e) { /* private mode */ }
}
function asideItems() {
  let items = [], prefix = asidePrefix();
  try {
    for (let i = 0; i < localStorage.length; i++) {
      let k = localStorage.key(i);
      if (k !== null && k.indexOf(prefix) === 0) items.push({ key: k, at: k.slice(prefix.length), raw: null });
    }
  } catch (e) { /* storage blocked */ }
  items.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  if (UNMOVED) items.push(UNMOVED);
  return items;
}
function downloadAside(entry) {
  let raw = entry.raw;
  if (entry.key !== null) { try { raw = localStorage.getItem(entry.key); } catch (e) { raw = null; } }
  if (raw === null) return;
  let json = true;
  try { JSON.parse(raw); } catch (e) { json = false; }
  let name = "my-answers-set-aside-" + entry.at.replace(/[^0-9A-Za-z-]/g, "-") + (json ? ".json" : ".txt");
  let a = el("a", { download: name,
    href: URL.createObjectURL(new Blob([raw], { type: json ? "application/json" : "text/plain" })) });
  document.body.appendChild(a); a.click(); a.remove();
}
// The notice: shown while a set-aside copy exists, at the top of the page's article.
function showNotice() {
  let old = document.querySelector(".aigov-aside-notice");
  if (old) old.remove();
  let items = asideItems();
  if (!items.length) return;
  let box = el("div", { class: "aigov-aside-notice admonition warning", role: "alert" });
  box.appendChild(el("p", { class: "admonition-title" }, "Saved answers set aside"));
  box.appendChild(el("p", {}, (NOTICE || "Saved answers that this browser could not read were set aside. ") +
    (UNMOVED
      ? "They could not be moved, so nothing you answer now is saved: download them, then discard them."
      : "They were set aside, not deleted. The exercises work and save your answers again.")));
  let list = el("ul");
  items.forEach((entry) => {
    let when = entry.at.replace("T", " ").replace(/\.\d+Z.*$/, " UTC");
    let li = el("li", {}, "Set aside " + when + ": ");
    // accessible names: the visible text, then which copy (several may exist)
    let down = el("button", { type: "button", class: "aigov-aside-download",
      "aria-label": "Download the set-aside answers from " + when }, "Download the set-aside answers");
    down.addEventListener("click", () => downloadAside(entry));
    let drop = el("button", { type: "button", class: "aigov-aside-discard",
      "aria-label": "Discard the set-aside answers from " + when }, "Discard");
    drop.addEventListener("click", () => {
      if (!confirm("Delete the answers set aside " + when + " from this browser? Download them first if you may need them.")) return;
      if (entry.key !== null) { try { localStorage.removeItem(entry.key); } catch (e) { /* gone */ } }
      else UNMOVED = null;
      NOTICE = null;
      showNotice();
    });
    li.append(down, " ", drop);
    list.appendChild(li);
  });
  box.appendChild(list);
  let at = document.querySelector("article.bd-article") || document.querySelector("main") || document.body;
  at.insertBefore(box, at.firstChild);
}
function el(tag, attrs, text) {
  let node = document.createElement(tag);
  for (let k in attrs || {}) node.setAttribute(k, attrs[k]);
  if (text !== undefined) node.textContent = text;
  return node;
}
function paragraphs(parent, text) {
  text.split("\n\n").forEach((block) => {
    if (!strip(block)) return;
    let p = el("p");
    block.replace(/^\n+|\n+$/g, "").split("\n").forEach((line, i) => {
      if (i) p.appendChild(el("br"));
      p.appendChild(document.createTextNode(line));
    });
    parent.appendChild(p);
  });
}
// Figures from data/facts.csv in a prompt ([text, note, key]) are marked as the
// {fact} role marks them in the prose: focusable, with their source note as a tooltip.
function markFacts(parent, facts, prefix) {
  if (!facts || !facts.length) return;
  let notes = new Map(facts.map((f) => [f[0], f]));
  let texts = facts.map((f) => f[0]).sort((a, b) => b.length - a.length);
  let pattern = new RegExp(texts.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"), "g");
  let walker = document.createTreeWalker(parent, NodeFilter.SHOW_TEXT), nodes = [], n = 0;
  while (walker.nextNode()) nodes.push(walker.currentNode);
  nodes.forEach((node) => {
    let text = node.nodeValue, last = 0, frag = document.createDocumentFragment(), m;
    pattern.lastIndex = 0;
    while ((m = pattern.exec(text))) {
      let f = notes.get(m[0]), ident = prefix + "-fact-" + (++n);
      frag.appendChild(document.createTextNode(text.slice(last, m.index)));
      let box = el("span", { class: "aigov-fact-box" });
      box.append(
        el("span", { class: "aigov-fact", tabindex: "0", "data-fact": f[2], "aria-describedby": ident }, m[0]),
        el("span", { class: "aigov-fact-tip", role: "tooltip", id: ident }, f[1]));
      frag.appendChild(box);
      last = m.index + m[0].length;
    }
    if (!last) return;
    frag.appendChild(document.createTextNode(text.slice(last)));
    node.parentNode.replaceChild(frag, node);
  });
}
function renderFeedback(box, f) {
  box.textContent = "";
  let head = el("p"), strong;
  if (!f.valid) { strong = el("strong", {}, "Please check your answer:"); head.append(strong, " " + f.message); }
  else if (f.correct) {
    strong = el("strong", {}, "✓ Correct.");
    head.append(strong, " " + f.message.replace(/^Correct/, "").replace(/^[:. ]+/, ""));
  } else { strong = el("strong", {}, "✗ Not yet."); head.append(strong, " " + f.message); }
  box.appendChild(head);
  if (f.items.length) {
    let ul = el("ul");
    f.items.forEach((i) => {
      ul.appendChild(el("li", {}, (i.ok ? "✓ right" : "✗ wrong") + ": " + i.label + (i.explanation ? ": " + i.explanation : "")));
    });
    box.appendChild(ul);
  }
  if (f.hint && !f.correct) {
    let hint = el("p");
    hint.append(el("em", {}, "Hint:"), " " + f.hint);
    box.appendChild(hint);
  }
}
let SOLUTIONS = null;
function solutionsFor(id) {
  if (SOLUTIONS === null) {
    let node = document.getElementById("aigov-worked");
    try { SOLUTIONS = node ? JSON.parse(node.textContent) : {}; } catch (e) { SOLUTIONS = {}; }
  }
  return SOLUTIONS[id] || null;
}
let counter = 0;
function setup(holder) {
  let data = JSON.parse(holder.querySelector("script.aigov-ex-data").textContent);
  VERSION = VERSION || data.version;
  let id = data.id, uid = "aigov-" + (++counter), store = load();
  let saved = own(store.answers, id) ? store.answers[id] : null;
  let params = {}, controls = {}, v = null;
  data.params.forEach((p) => { params[p.name] = p.choices[0][0]; });
  if (saved && saved.params) {
    data.params.forEach((p) => {
      if (p.choices.some((c) => c[0] === saved.params[p.name])) params[p.name] = saved.params[p.name];
    });
  }
  holder.querySelectorAll(".aigov-ex-static, .aigov-ex-nojs").forEach((n) => { n.hidden = true; });
  let prompt = holder.querySelector(".aigov-ex-prompt");
  let form = el("div", { class: "aigov-ex-form" });
  let answerBox = el("div", { class: "aigov-ex-answer" });
  let buttons = el("div", { class: "aigov-ex-buttons" });
  let checkButton = el("button", { type: "button", class: "aigov-ex-check", "aria-label": "Check your answer to " + id }, "Check");
  let solButton = el("button", { type: "button", class: "aigov-ex-show", "aria-expanded": "false", hidden: "" }, "Show solution");
  let feedback = el("div", { class: "aigov-ex-feedback", role: "status", "aria-live": "polite" });
  let solution = el("div", { class: "aigov-ex-solution", hidden: "" });
  buttons.append(checkButton, solButton);
  function key() { return data.params.map((p) => params[p.name]).join("|"); }
  if (data.params.length) {
    let row = el("div", { class: "aigov-ex-params" });
    data.params.forEach((p) => {
      let sid = uid + "-p-" + p.name, wrap = el("div", { class: "aigov-ex-row" });
      let select = el("select", { id: sid });
      p.choices.forEach((c) => { let o = el("option", { value: c[0] }, c[1]); select.appendChild(o); });
      select.value = params[p.name];
      select.addEventListener("change", () => {
        params[p.name] = select.value;
        feedback.textContent = "";
        holder.removeAttribute("data-state");
        solution.hidden = true; solButton.hidden = true; solButton.setAttribute("aria-expanded", "false");
        draw(null);
      });
      wrap.append(el("label", { for: sid }, p.label), select);
      row.appendChild(wrap);
    });
    form.appendChild(row);
  }
  form.append(answerBox, buttons, feedback, solution);
  holder.appendChild(form);
  function fieldset(legend) {
    let fs = el("fieldset", { class: "aigov-ex-fieldset" });
    fs.appendChild(el("legend", {}, legend));
    answerBox.appendChild(fs);
    return fs;
  }
  function selectRow(parent, n, text, choices, value) {
    let sid = uid + "-i-" + n, wrap = el("div", { class: "aigov-ex-row" });
    let select = el("select", { id: sid });
    choices.forEach((c) => { select.appendChild(el("option", { value: c[0] }, c[1])); });
    if (value !== undefined && value !== null) select.value = String(value);
    wrap.append(el("label", { for: sid }, text), select);
    parent.appendChild(wrap);
    return select;
  }
  function draw(answer) {
    v = prepare(Object.assign({}, data.common, data.variants[key()]));
    prompt.textContent = "";
    paragraphs(prompt, v.prompt);
    markFacts(prompt, data.facts, uid);
    answerBox.textContent = "";
    controls = {};
    let fs;
    if (v.kind === "multiple_choice" || v.kind === "multiple_select") {
      let multi = v.kind === "multiple_select";
      fs = fieldset(multi ? "Answer (select every option that applies)" : "Answer (choose one)");
      v.options.forEach((o, n) => {
        let iid = uid + "-o-" + n, wrap = el("div", { class: "aigov-ex-option" });
        let input = el("input", { type: multi ? "checkbox" : "radio", id: iid, name: uid + "-answer", value: o[0] });
        if (multi ? Array.isArray(answer) && answer.indexOf(o[0]) >= 0 : answer === o[0]) input.checked = true;
        wrap.append(input, el("label", { for: iid }, o[1]));
        fs.appendChild(wrap);
        controls[o[0]] = input;
      });
    } else if (v.kind === "numeric") {
      let nid = uid + "-n", wrap = el("div", { class: "aigov-ex-row" });
      let input = el("input", { type: "text", id: nid, inputmode: "decimal", autocomplete: "off",
        placeholder: "type a number" + (v.unit ? ", e.g. 12.5 " + v.unit : "") });
      if (typeof answer === "string") input.value = answer;
      wrap.append(el("label", { for: nid }, "Answer" + (v.unit ? " (in " + v.unit + ")" : "")), input);
      answerBox.appendChild(wrap);
      controls.value = input;
      input.addEventListener("keydown", (e) => { if (e.key === "Enter") { e.preventDefault(); run(); } });
    } else if (v.kind === "ordering") {
      fs = fieldset("Give each item its position (1 = first)");
      let positions = [["0", "choose a position"]];
      for (let i = 1; i <= v.options.length; i++) positions.push([String(i), String(i)]);
      v.display.forEach((k, n) => {
        controls[k] = selectRow(fs, n, label(v, k), positions, answer && answer[k] !== undefined ? answer[k] : "0");
      });
    } else {
      fs = fieldset("Choose a category for each item");
      let cats = [["", "choose a category"]].concat(v.categories.map((c) => [c, c]));
      v.options.forEach((o, n) => {
        controls[o[0]] = selectRow(fs, n, o[1], cats, answer && answer[o[0]] !== undefined ? answer[o[0]] : "");
      });
    }
  }
  function current() {
    if (v.kind === "multiple_choice") {
      let on = v.options.filter((o) => controls[o[0]].checked);
      return on.length ? on[0][0] : null;
    }
    if (v.kind === "multiple_select") return v.options.filter((o) => controls[o[0]].checked).map((o) => o[0]);
    if (v.kind === "numeric") return controls.value.value;
    let m = new Map();
    let order = v.kind === "ordering" ? v.display : v.options.map((o) => o[0]);
    order.forEach((k) => {
      let val = controls[k].value;
      if (v.kind === "ordering" && val !== "0") m.set(k, Number(val));
      if (v.kind === "classification" && val !== "") m.set(k, val);
    });
    return m;
  }
  function show(f) {
    renderFeedback(feedback, f);
    holder.setAttribute("data-state", stateOf(f));
    if (f.valid && solutionText() !== null) solButton.hidden = false;
  }
  function run() {
    let t0 = performance.now(), answer = current(), f = check(v, answer);
    holder.setAttribute("data-check-ms", (performance.now() - t0).toFixed(3));
    show(f);
    let store = load();
    let p = {};
    data.params.forEach((q) => { p[q.name] = params[q.name]; });
    store.answers[id] = { params: p, answer: encode(answer), state: stateOf(f), score: f.score, at: new Date().toISOString() };
    save();
  }
  function solutionText() {
    let s = solutionsFor(id), k = key();
    if (!s) return null;
    if (s.solutions) return s.solutions[k] === undefined ? null : s.solutions[k];
    if (!s.answers || s.answers[k] === undefined) return null;
    return s.answers[k] + (s.explanation ? "\n\n" + s.explanation : "");
  }
  checkButton.addEventListener("click", run);
  solButton.addEventListener("click", () => {
    let text = solutionText();
    if (text === null) return;
    let open = solButton.getAttribute("aria-expanded") === "true";
    if (!open) {
      solution.textContent = "";
      solution.appendChild(el("p", {}, "")).appendChild(el("strong", {}, "Solution"));
      paragraphs(solution, text);
    }
    solution.hidden = open;
    solButton.setAttribute("aria-expanded", open ? "false" : "true");
    solButton.textContent = open ? "Show solution" : "Hide solution";
  });
  draw(saved ? saved.answer : null);
  if (saved && saved.answer !== undefined) show(check(v, decode(saved.answer)));
}
function progress(root) {
  let store = load(), done = 0, cells = root.querySelectorAll("[data-progress-for]");
  let names = { correct: "correct", partial: "partly right", incorrect: "not yet right", invalid: "not checked yet" };
  cells.forEach((cell) => {
    let qid = cell.getAttribute("data-progress-for"), got = own(store.answers, qid) ? store.answers[qid] : null;
    if (got && got.state === "correct") done++;
    cell.textContent = got ? names[got.state] || got.state : "not tried";
  });
  root.querySelector(".aigov-progress-summary").textContent =
    done + " of " + cells.length + " questions answered correctly in this browser.";
}
function setupProgress(root) {
  VERSION = VERSION || root.getAttribute("data-version");
  progress(root);
  let $ = (sel) => root.querySelector(sel);
  $(".aigov-progress-download").addEventListener("click", () => {
    let file = {
      schema: "aigov-answers/1", book_version: VERSION, name: $("#aigov-progress-name").value,
      student_id: $("#aigov-progress-id").value, saved_at: new Date().toISOString(), answers: load().answers
    };
    let a = el("a", { download: "my-answers.json",
      href: URL.createObjectURL(new Blob([JSON.stringify(file, null, 1)], { type: "application/json" })) });
    document.body.appendChild(a); a.click(); a.remove();
  });
  $(".aigov-progress-clear").addEventListener("click", () => {
    if (!confirm("Delete all your saved answers for this book from this browser? This cannot be undone.")) return;
    if (UNMOVED) STORE = readStored(null)[0]; // the unreadable value stays until it is downloaded
    else {
      try { localStorage.removeItem(storeKey()); } catch (e) { /* nothing stored */ }
      STORE = null;
    }
    progress(root);
  });
}
function init() {
  let holders = document.querySelectorAll("[data-exercise-id]");
  let page = document.querySelector("[data-aigov-progress]");
  if (!holders.length && !page) return;
  if (holders.length) {
    try { VERSION = JSON.parse(holders[0].querySelector("script.aigov-ex-data").textContent).version; }
    catch (e) { /* set by setup() */ }
  }
  VERSION = VERSION || (page && page.getAttribute("data-version"));
  if (VERSION) { load(); showNotice(); }
  holders.forEach((h) => {
    try { setup(h); } catch (e) { h.setAttribute("data-error", String(e)); }
  });
  if (page) setupProgress(page);
}
window.aigovCheck = { check, decode, stateOf };
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
else init();
})();
