// The preview page (report preview): shows the state pushed on /events, updating in place,
// and tells the server which language the reader looks at. Served as /preview.js; the page's
// Content-Security-Policy allows no inline script. Its words come with the page (data-text, in
// the language of its lang; report/tools/preview/interface.py), and so does the language whose
// conventions its times and numbers follow.
window.__loaded = true;  // a reload would clear it: updates happen in place
window.__imageLoads = {};  // key -> [src, time] of the last image that finished loading
const grid = document.getElementById('grid');
const panel = document.getElementById('problems');
const statusLine = document.getElementById('status');
const language = document.documentElement.lang;
const TEXT = JSON.parse(document.documentElement.dataset.text);
const plurals = new Intl.PluralRules(language);
const numbers = new Intl.NumberFormat(language, {maximumFractionDigits: 2});
const clock = new Intl.DateTimeFormat(language, {timeStyle: 'medium'});
let state = null;

// A text of the table with its {marks} filled in, as interface.fill does it on the server.
function say(key, values) {
  return TEXT[key].replace(/\{(\w+)\}/g, (mark, name) => values[name]);
}

// The one of `key`.one / `key`.other that the language's plural rules choose for `count`.
function sayCount(key, count, values) {
  const form = `${key}.${plurals.select(count)}`;
  return say(form in TEXT ? form : `${key}.other`, {...values, count: numbers.format(count)});
}

function now() { return clock.format(new Date()); }

function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else node.setAttribute(key, value === true ? '' : value);
  }
  node.append(...children.filter(c => c !== null && c !== undefined && c !== ''));
  return node;
}

function problems(list) {
  panel.hidden = list.length === 0;
  if (!list.length) return;
  const notes = [];
  if (state.languages.some(l => l.stale)) notes.push(TEXT['note.stale']);
  if (state.languages.some(l => l.sheets.some(s => s.misfit))) notes.push(TEXT['note.misfit']);
  panel.querySelector('h2').replaceChildren(
    sayCount('problems', list.length) + ' ',
    notes.length ? el('small', {text: '— ' + notes.join('; ')}) : '');
  panel.querySelector('ul').replaceChildren(...list.map(p => el('li', {class: p.kind},
    p.where ? el('span', {class: 'where', text: p.where + ':'}) : null, ' ',
    p.path ? el('span', {class: 'path', text: p.path + ':'}) : null, ' ',
    p.kind === 'warning' ? el('span', {class: 'kind', text: TEXT['kind.warning'] + ' '}) : null,
    p.kind === 'translation' ? el('span', {class: 'kind', text: TEXT['kind.translation'] + ' '}) : null,
    el('span', {class: 'message', text: p.message}),
    p.hint ? el('span', {class: 'hint'}, el('b', {text: TEXT.hint}), ' ' + p.hint) : null)));
}

function header(lang) {
  const badges = [];
  if (lang.building) badges.push(el('span', {class: 'badge busy', text: TEXT['badge.updating']}));
  else if (state.waiting.includes(lang.code)) badges.push(el('span', {class: 'badge busy', text: TEXT['badge.waiting']}));
  if (lang.stale) badges.push(el('span', {class: 'badge bad', text: TEXT['badge.stale']}));
  else if (lang.draft) badges.push(el('span', {class: 'badge bad', text: TEXT['badge.misfit']}));
  if (!lang.stale && !lang.building && lang.sheets.length)
    badges.push(el('span', {class: 'badge', text: sayCount('badge.pages', lang.sheets.length,
                                                            {seconds: numbers.format(lang.seconds)})}));
  const focused = lang.code === state.focus;
  return el('div', {class: 'lang' + (focused ? ' focus' : ''), 'data-lang': lang.code},
    el('span', {},
      el('button', {type: 'button', 'aria-pressed': String(focused), lang: lang.code,
                    title: TEXT.focus, text: lang.name}),
      ' ', el('span', {class: 'code', text: lang.code})),
    lang.pdf ? el('a', {href: lang.pdf, target: '_blank', rel: 'noopener',
                        text: TEXT[lang.draft ? 'pdf.draft' : 'pdf']}) : el('span'),
    el('span', {class: 'badges'}, ...badges));
}

function cell(lang, index, old) {
  const sheet = lang.sheets[index];
  if (!sheet) return el('div', {class: 'blank', 'data-lang': lang.code});
  const key = `${lang.code}/${index + 1}`;
  let img = old.get(key);
  if (!img) {
    img = el('img', {'data-key': key});
    img.addEventListener('load', () => {
      window.__imageLoads[img.dataset.key] = [img.getAttribute('src'), Date.now()];
    });
  }
  // The old picture stays on screen until the new one has loaded: no flicker.
  if (img.getAttribute('src') !== sheet.src) img.setAttribute('src', sheet.src);
  img.width = sheet.width; img.height = sheet.height;
  img.alt = say('page', {number: numbers.format(index + 1), text: sheet.text});
  return el('figure', {class: sheet.misfit ? 'misfit' : '', 'data-lang': lang.code},
    sheet.misfit ? el('figcaption', {text: sheet.misfit}) : null, img);
}

function show(next) {
  if (next.interface !== language) {  // the brochure's source language changed: its words
    events.close();
    location.reload();
    return;
  }
  state = next;
  document.title = say('title', {slug: state.slug});
  document.getElementById('slug').textContent = state.slug;
  problems(state.problems);
  const langs = state.languages;
  const old = new Map([...grid.querySelectorAll('img[data-key]')].map(i => [i.dataset.key, i]));
  grid.style.setProperty('--n', Math.max(langs.length, 1));
  const cells = [];
  const rows = Math.max(0, ...langs.map(l => l.sheets.length));
  if (langs.length) {
    cells.push(el('div'), ...langs.map(header));
    for (let i = 0; i < rows; i++) {
      cells.push(el('div', {class: 'row', text: String(i + 1), 'aria-hidden': 'true'}));
      for (const lang of langs) {
        const c = cell(lang, i, old);
        if (lang.stale) c.classList.add('stale');
        c.setAttribute('lang', lang.code); c.setAttribute('dir', lang.dir);
        cells.push(c);
      }
    }
  }
  if (!rows) cells.push(el('p', {class: 'empty',
    text: TEXT[state.problems.length ? 'empty.problems' : 'empty.building']}));
  grid.replaceChildren(...cells);
  const errors = state.problems.filter(p => p.kind === 'error').length;
  const building = langs.find(l => l.code === state.building);
  if (building) setStatus('building', say('status.building', {language: building.name}));
  else if (errors) setStatus('bad', sayCount('status.problems', errors, {time: now()}));
  else setStatus('', say('status.ok', {time: now()}));
}

function setStatus(kind, text) { statusLine.className = kind; statusLine.textContent = text; }

grid.addEventListener('click', event => {
  const target = event.target.closest('[data-lang]');
  if (!target || !state || target.dataset.lang === state.focus) return;
  state.focus = target.dataset.lang;
  for (const h of grid.querySelectorAll('.lang')) {
    const on = h.dataset.lang === state.focus;
    h.classList.toggle('focus', on);
    h.querySelector('button').setAttribute('aria-pressed', String(on));
  }
  fetch('/focus', {method: 'POST', body: state.focus});
});

const events = new EventSource('/events');
events.onmessage = event => show(JSON.parse(event.data));
events.onerror = () => setStatus('offline', TEXT['status.offline']);
