// The facilitator's console: opens an existing group with its join code and facilitator key
// (the server checks both and gives this page the facilitator's role; the page itself decides
// nothing) or starts a new one with the server's operator key; shows how to invite (code, link,
// QR), who is here and playing, the time and form now and what is scheduled next; sends every
// FacilitatorCommand, the mixer's commands and EndSession; and downloads the session's
// recordings and MIDI export. Refusals are shown in the server's words.

import { Connection, num } from './connection.js';
import { Timeline, DYNAMICS } from './timeline.js';
import { keyName, MODES, NOTE_NAMES, modeName } from './music.js';
import { countIn } from './count-in.js';
import { setStatus, showMessage as notice } from './notices.js';

const BACKING_PARTS = ['CLICK', 'DRUMS', 'BASS', 'PAD', 'COMPING'];
const $ = (id) => document.getElementById(id);
const connection = new Connection();
const timeline = new Timeline();
const members = new Map();
const activity = new Map();
const state = {
  code: '', key: '', groupId: '', me: null, mixer: null, log: [], recording: false, downloads: [],
};

window.attune = { connection, timeline, state, members, activity };

function showMessage(text, kind) {
  notice(text, kind);
  state.log.push({ text, kind });
}

function quantize() {
  return { boundary: $('quantize').value };
}

/** Sends a facilitator command; says when it takes effect, or why the server refused it. */
function command(kind, body, what) {
  const message = { command: { quantize: quantize(), [kind]: body } };
  return connection.request(message).then(
    (accepted) => {
      if (num(accepted.changeSequence) === 0) {
        // A first tap: the server needs the next ones to know the tempo.
        showMessage(what + ': keep tapping, one tap a beat.', 'done');
        return;
      }
      const { bar, beat } = timeline.position(num(accepted.effectiveBeat));
      showMessage(what + ': at bar ' + bar + ', beat ' + beat + '.', 'done');
    },
    (error) => showMessage(what + ' refused: ' + error.message, 'refused'));
}

function mixer(body, what) {
  return connection.request({ mixer: body }).then(
    () => showMessage(what + '.', 'done'),
    (error) => showMessage(what + ' refused: ' + error.message, 'refused'));
}

async function open(code, key) {
  $('open-message').textContent = 'Opening…';
  try {
    if (!connection.isOpen) await connection.open();
    const welcome = await connection.join({
      groupCode: code, name: 'Facilitator', instrument: 'console', role: 'FACILITATOR',
      facilitatorKey: key,
    });
    state.code = code.toUpperCase();
    state.key = key;
    state.groupId = welcome.groupId;
    state.me = welcome.participantId;
    timeline.applySnapshot(welcome.snapshot || {});
    updateRoster((welcome.snapshot && welcome.snapshot.roster) || {});
    showInvite();
    $('open').classList.add('hidden');
    $('create').classList.add('hidden');
    $('console').classList.remove('hidden');
    setStatus('Group ' + state.code + ' is open.', 'good');
    requestAnimationFrame(render);
    refreshDownloads();
  } catch (e) {
    $('open-message').textContent = 'Could not open the group: ' + e.message;
  }
}

/** Makes a group with the server's operator key, then opens it as its facilitator. */
async function create(name, operatorKey) {
  $('create-message').textContent = 'Starting the group…';
  try {
    const response = await fetch('/api/groups', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + operatorKey },
      body: JSON.stringify({ name }),
    });
    const body = await response.json();
    if (!response.ok) throw new Error(body.error || response.statusText);
    $('code').value = body.joinCode;
    $('key').value = body.facilitatorKey;
    $('create-message').textContent = '';
    await open(body.joinCode, body.facilitatorKey);
    $('new-key').textContent = 'New group "' + body.name + '". Your facilitator key is '
      + body.facilitatorKey + ': write it down to open this group again.';
    $('new-key').classList.remove('hidden');
  } catch (e) {
    $('create-message').textContent = 'Could not start a group: ' + e.message;
  }
}

/** Fetches one of the session's files with the facilitator key, and saves it. */
async function download(href, fileName) {
  const response = await fetch(href, { headers: { Authorization: 'Bearer ' + state.key } });
  if (!response.ok) {
    const body = await response.json().catch(() => ({}));
    throw new Error(body.error || response.statusText);
  }
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

async function refreshDownloads() {
  const note = $('downloads-note');
  try {
    const response = await fetch('/api/groups/' + encodeURIComponent(state.groupId) + '/files',
      { headers: { Authorization: 'Bearer ' + state.key } });
    const body = await response.json();
    if (!response.ok) throw new Error(body.error || response.statusText);
    state.downloads = body.recordings;
    const list = $('downloads');
    list.replaceChildren();
    for (const r of body.recordings) {
      const item = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = 'Download ' + r.name;
      button.addEventListener('click', () => download(r.href, r.name).then(
        () => { note.textContent = 'Downloaded ' + r.name + '.'; },
        (e) => { note.textContent = 'Download refused: ' + e.message; }));
      item.append(button, ' ' + (r.bytes / 1048576).toFixed(1) + ' MB');
      list.append(item);
    }
    note.textContent = body.recordings.length ? '' : 'No recordings yet.';
  } catch (e) {
    note.textContent = 'No downloads: ' + e.message;
  }
}

function showInvite() {
  const link = location.origin + '/play?code=' + encodeURIComponent(state.code);
  $('join-code').textContent = state.code;
  $('join-link').textContent = link;
  $('join-link').href = link;
  $('qr').src = '/qr?code=' + encodeURIComponent(state.code);
}

function updateRoster(roster) {
  members.clear();
  for (const m of roster.members || []) members.set(m.participantId, m);
  renderRoster();
  renderStrips();
}

function renderRoster() {
  const body = $('roster');
  body.innerHTML = '';
  for (const m of members.values()) {
    const tr = document.createElement('tr');
    tr.id = 'roster-' + m.participantId;
    const played = activity.get(m.participantId);
    if (played && performance.now() - played.lastAt < 400) tr.className = 'active';
    // The name with a dot that is lit while the member is connected.
    const name = document.createElement('td');
    const dot = document.createElement('span');
    dot.className = 'dot' + (m.connected ? ' on' : '');
    dot.setAttribute('role', 'img');
    dot.setAttribute('aria-label', m.connected ? 'connected' : 'not connected');
    dot.title = m.connected ? 'connected' : 'not connected';
    name.append(dot, ' ', m.name);
    tr.append(name);
    cells(tr, [m.instrument, (m.role || '').toLowerCase()]);
    cells(tr, [played ? played.count + (played.count === 1 ? ' note' : ' notes') : '–']);
    tr.lastChild.className = 'played';
    cells(tr, [m.transport || '–']);
    tr.lastChild.className = 'transport';
    const actions = document.createElement('td');
    if (m.participantId !== state.me) {
      const remove = document.createElement('button');
      remove.type = 'button';
      remove.className = 'remove';
      remove.textContent = 'Remove';
      remove.setAttribute('aria-label', 'Remove ' + m.name);
      remove.addEventListener('click', () => removeMember(m));
      actions.append(remove);
    }
    tr.append(actions);
    body.append(tr);
  }
}

/** Removes a member after asking; the server tells the member, and the roster follows. */
function removeMember(m) {
  if (!window.confirm('Remove ' + m.name + ' from the session?')) return;
  connection.request({ removeMember: { participantId: m.participantId } }).then(
    () => showMessage(m.name + ' was removed.', 'done'),
    (error) => showMessage('Remove refused: ' + error.message, 'refused'));
}

function cells(tr, texts) {
  for (const text of texts) {
    const td = document.createElement('td');
    td.textContent = text;
    tr.append(td);
  }
}

function onGesture(event) {
  const g = event.gesture || {};
  // Notes begun: a pad pressed, a key down, a hit (not their releases, controls or taps).
  if (!((g.pad && !g.pad.release) || g.noteOn || g.hit)) return;
  const id = event.participantId;
  const a = activity.get(id) || { count: 0, lastAt: 0 };
  a.count += 1;
  a.lastAt = performance.now();
  activity.set(id, a);
  renderRoster();
  setTimeout(renderRoster, 450);
}

function renderStrips() {
  const body = $('strips');
  body.innerHTML = '';
  const strips = (state.mixer && state.mixer.strips) || [];
  if (!state.mixer) {
    $('mixer-note').textContent = 'The mixer appears when the server sends its state.';
  }
  for (const strip of strips) {
    const member = members.get(strip.participantId) || { name: strip.participantId };
    const id = strip.participantId;
    const tr = document.createElement('tr');
    cells(tr, [member.name]);
    const instrument = input('text', strip.instrument || '', 'Instrument of ' + member.name);
    instrument.addEventListener('change', () => mixer(
      { strip: { participantId: id, instrument: instrument.value } }, member.name + ': instrument'));
    td(tr, instrument);
    const mute = toggle(strip.mute, 'Mute ' + member.name);
    mute.addEventListener('change', () => mixer(
      { strip: { participantId: id, mute: mute.checked } }, member.name + (mute.checked ? ' muted' : ' unmuted')));
    td(tr, mute);
    const solo = toggle(strip.solo, 'Solo ' + member.name);
    solo.addEventListener('change', () => mixer(
      { strip: { participantId: id, solo: solo.checked } }, member.name + (solo.checked ? ' solo' : ' not solo')));
    td(tr, solo);
    const gain = input('range', num(strip.gainDb), 'Gain of ' + member.name);
    Object.assign(gain, { min: -40, max: 6, step: 1 });
    gain.addEventListener('change', () => mixer(
      { strip: { participantId: id, gainDb: Number(gain.value) } }, member.name + ': ' + gain.value + ' dB'));
    td(tr, gain);
    const meter = document.createElement('meter');
    Object.assign(meter, { min: -60, max: 0, low: -18, high: -6, optimum: -30, value: -60 });
    meter.id = 'meter-' + id;
    meter.setAttribute('aria-label', 'Level of ' + member.name);
    td(tr, meter);
    const lit = state.mixer.spotlight === id;
    const spot = document.createElement('button');
    spot.type = 'button';
    spot.textContent = lit ? 'Spotlight: on' : 'Spotlight';
    spot.setAttribute('aria-pressed', String(lit));
    spot.setAttribute('aria-label', 'Spotlight on ' + member.name);
    spot.addEventListener('click', () => mixer({ spotlight: { participantId: lit ? '' : id } },
      lit ? 'Spotlight off' : 'Spotlight on ' + member.name + ' (the others 12 dB softer)'));
    td(tr, spot);
    const pan = input('range', num(strip.pan), 'Pan of ' + member.name);
    Object.assign(pan, { min: -1, max: 1, step: 0.1 });
    pan.addEventListener('change', () => mixer(
      { strip: { participantId: id, pan: Number(pan.value) } }, member.name + ': pan ' + pan.value));
    td(tr, pan);
    body.append(tr);
  }
}

function input(type, value, label) {
  const i = document.createElement('input');
  i.type = type;
  i.value = value;
  i.setAttribute('aria-label', label);
  return i;
}

function toggle(checked, label) {
  const i = input('checkbox', '', label);
  i.checked = Boolean(checked);
  i.style.width = '28px';
  i.style.height = '28px';
  return i;
}

function td(tr, child) {
  const cell = document.createElement('td');
  cell.append(child);
  tr.append(cell);
}

/** Decibels a shown level falls per Meters message (about 20 a second): 30 dB a second. */
const METER_FALL_DB = 1.5;

/**
 * Levels about 20 times a second: each strip's peak, and the master's. A meter falls back
 * slowly from a peak, so that a short note is seen; the loudest level of each strip is kept.
 */
function onMeters(meters) {
  state.levels = state.levels || {};
  state.shown = state.shown || {};
  state.loudest = state.loudest || {};
  for (const s of meters.strips || []) {
    const peak = s.level && s.level.peakDb !== undefined ? Number(s.level.peakDb) : -120;
    state.levels[s.strip] = peak;
    state.loudest[s.strip] = Math.max(state.loudest[s.strip] ?? -120, peak);
    state.shown[s.strip] = Math.max(peak, (state.shown[s.strip] ?? -120) - METER_FALL_DB);
    const meter = document.getElementById('meter-' + s.strip);
    if (meter) meter.value = Math.max(-60, state.shown[s.strip]);
  }
  if (meters.master) {
    const peak = meters.master.peakDb !== undefined ? Number(meters.master.peakDb) : -120;
    $('master-meter').value = Math.max(-60, peak);
  }
}

const NOTE_NAMES_SHARP = ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B'];

function noteName(midi) {
  return NOTE_NAMES_SHARP[midi % 12] + (Math.floor(midi / 12) - 1);
}

function fixed(value, digits) {
  return value === undefined ? '–' : Number(value).toFixed(digits);
}

/** What each member plays, every 2 s: how much, timing against the beat, own tempo, dynamics. */
function onObservations(observations) {
  const body = $('observations');
  body.innerHTML = '';
  for (const f of observations.members || []) {
    const member = members.get(f.participantId) || { name: f.participantId };
    const tr = document.createElement('tr');
    tr.id = 'observed-' + f.participantId;
    const timing = f.asynchronyMeanMs === undefined ? '–'
      : (f.asynchronyMeanMs > 0 ? '+' : '') + fixed(f.asynchronyMeanMs, 0)
        + (f.asynchronySpreadMs === undefined ? '' : ' ± ' + fixed(f.asynchronySpreadMs, 0));
    const tempo = f.tempoBpm === undefined ? '–' : fixed(f.tempoBpm, 0)
      + (f.tempoSpreadPercent === undefined ? '' : ' (±' + fixed(f.tempoSpreadPercent, 0) + '%)');
    const velocity = f.velocityMean === undefined ? '–'
      : fixed(f.velocityMean, 0) + ' (' + num(f.velocityMin) + '–' + num(f.velocityMax) + ')';
    const low = f.lowestPitch === undefined ? 0 : Number(f.lowestPitch);
    const high = f.highestPitch === undefined ? 0 : Number(f.highestPitch);
    const range = low < 0 ? 'drums' : noteName(low) + '–' + noteName(high);
    cells(tr, [member.name, num(f.onsets) + ' (' + num(f.onsetsLastFourBars) + ')', timing, tempo,
      velocity, range]);
    const followed = observations.followedParticipantId === f.participantId;
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = followed
      ? 'Following' + (observations.followedBpm === undefined ? '' : ' (' + fixed(observations.followedBpm, 0) + ')')
      : 'Follow';
    button.setAttribute('aria-pressed', String(followed));
    button.setAttribute('aria-label', 'The tempo follows ' + member.name);
    button.addEventListener('click', () => follow(followed ? '' : f.participantId, member.name));
    td(tr, button);
    body.append(tr);
  }
}

/** Makes the group's tempo follow a member's playing, or stops with an empty id. */
function follow(participantId, name) {
  return connection.request({ command: { follow: { participantId } } }).then(
    () => showMessage(participantId ? 'The tempo follows ' + name + '.'
      : 'The tempo no longer follows anyone.', 'done'),
    (error) => showMessage('Follow refused: ' + error.message, 'refused'));
}

function onMixerState(mixerState) {
  state.mixer = mixerState;
  $('mixer-note').textContent = mixerState.soundFont ? 'Sound: ' + mixerState.soundFont : '';
  $('master').value = num(mixerState.masterGainDb);
  $('master-value').textContent = num(mixerState.masterGainDb) + ' dB';
  const on = new Set(mixerState.backing || []);
  for (const box of document.querySelectorAll('#backing input')) box.checked = on.has(box.value);
  $('remote-sound').value = mixerState.remoteSound || 'LOCAL_SAMPLES';
  const turning = num(mixerState.turnsSoloBars) > 0;
  $('turns').textContent = turning ? 'Stop turns' : 'Start turns';
  $('turns').setAttribute('aria-pressed', String(turning));
  renderStrips();
}

function render() {
  const now = connection.clock.serverNowMicros();
  timeline.advance(now);
  const beatNow = timeline.tempo.beatAt(now);
  const { bar, beat } = timeline.position(beatNow);
  $('bar').textContent = bar;
  $('beat').textContent = beat;
  const bpm = timeline.tempo.bpmAt(now);
  $('tempo').textContent = bpm > 0 ? Math.round(bpm) : 'hold';
  $('section').textContent = timeline.form.section || '–';
  $('key-now').textContent = keyName(timeline.form.key);
  $('chord').textContent = timeline.chordAt(beatNow);
  $('dynamics').textContent = DYNAMICS[Math.round(timeline.dynamicAt(beatNow))] || 'mf';
  $('groove').textContent = timeline.form.groove || '–';
  $('next').textContent = countIn(timeline, beatNow);
  const pending = $('pending');
  const items = timeline.pending.map((c) => {
    const p = timeline.position(num(c.effectiveBeat));
    return (c.description || 'change') + ' at bar ' + p.bar + ', beat ' + p.beat;
  });
  if (pending.dataset.items !== items.join('|')) {
    pending.dataset.items = items.join('|');
    pending.innerHTML = '';
    for (const text of items) {
      const li = document.createElement('li');
      li.textContent = text;
      pending.append(li);
    }
  }
  const dots = $('beat-dots');
  const perBar = timeline.beatsPerBar();
  if (dots.children.length !== perBar) {
    dots.innerHTML = '';
    for (let i = 1; i <= perBar; i++) dots.append(document.createElement('span'));
  }
  [...dots.children].forEach((dot, i) => {
    dot.className = (i + 1 === beat ? 'on' : '') + (i === 0 ? ' one' : '');
  });
  requestAnimationFrame(render);
}

function currentBpm() {
  return timeline.tempo.bpmAt(connection.clock.serverNowMicros()) || Number($('bpm').value);
}

function wire() {
  const on = (id, fn) => $(id).addEventListener('click', fn);
  on('set-tempo', () => command('tempo',
    { bpm: Number($('bpm').value), rampBeats: Number($('ramp-beats').value) }, 'Tempo ' + $('bpm').value));
  on('slower', () => command('tempo', { bpm: Math.round(currentBpm()) - 10 }, 'Slower'));
  on('faster', () => command('tempo', { bpm: Math.round(currentBpm()) + 10 }, 'Faster'));
  on('tap', tap);
  on('fermata', () => command('fermata', {}, 'Hold'));
  on('release', () => command('release', {}, 'Release'));
  for (const b of document.querySelectorAll('#sections [data-section]')) {
    b.addEventListener('click', () => command('section', { name: b.dataset.section }, 'Section ' + b.dataset.section));
  }
  on('set-section', () => command('section', { name: $('section-name').value }, 'Section ' + $('section-name').value));
  on('set-key', () => command('key', { tonic: Number($('tonic').value), mode: $('mode').value },
    'Key ' + NOTE_NAMES[$('tonic').value] + ' ' + modeName($('mode').value)));
  on('set-chords', () => command('progression',
    { chords: $('chords').value.split(/[\s,]+/).filter(Boolean) }, 'Chords ' + $('chords').value));
  on('set-meter', () => command('meter',
    { beatsPerBar: Number($('beats-per-bar').value), beatUnit: Number($('beat-unit').value) },
    'Meter ' + $('beats-per-bar').value + '/' + $('beat-unit').value));
  on('set-groove', () => command('groove', { name: $('groove-name').value }, 'Groove ' + $('groove-name').value));
  on('set-dynamics', () => command('dynamics',
    { level: $('dynamic').value, rampBeats: Number($('dynamic-beats').value) },
    'Dynamics ' + $('dynamic').value.toLowerCase()));
  on('accent', () => command('accent', {}, 'Accent'));
  on('copy-link', () => navigator.clipboard && navigator.clipboard.writeText($('join-link').href)
    .then(() => showMessage('Link copied.', 'done')));
  $('master').addEventListener('change', () => {
    $('master-value').textContent = $('master').value + ' dB';
    mixer({ master: { gainDb: Number($('master').value) } }, 'Master ' + $('master').value + ' dB');
  });
  $('remote-sound').addEventListener('change', () => {
    const sound = $('remote-sound').value;
    mixer({ remoteSound: { sound } }, sound === 'SERVER_STREAM'
      ? 'Remote members hear the streamed mix' : 'Remote members hear their own browsers');
  });
  on('turns', () => {
    const turning = num((state.mixer || {}).turnsSoloBars) > 0;
    const soloBars = turning ? 0 : Number($('turn-bars').value);
    const groupBars = turning ? 0 : Number($('turn-group-bars').value);
    mixer({ turns: { soloBars, groupBars } }, turning ? 'Turns stop'
      : 'The spotlight goes round, ' + soloBars + ' bars each'
        + (groupBars > 0 ? ', then ' + groupBars + ' bars of everyone' : '') + ', from the next bar');
  });
  on('record', () => {
    const start = !state.recording;
    connection.request({ record: { start } }).then(
      () => showMessage(start ? 'Recording the mix.' : 'Recording stops; its file is being finished.',
        'done'),
      (error) => showMessage('Recording refused: ' + error.message, 'refused'));
  });
  on('refresh-downloads', refreshDownloads);
  on('download-midi', () => download('/api/groups/' + encodeURIComponent(state.groupId)
    + '/export.mid', state.groupId + '.mid').then(
    () => { $('downloads-note').textContent = 'Downloaded the MIDI export.'; },
    (e) => { $('downloads-note').textContent = 'MIDI export refused: ' + e.message; }));
  on('end-session', () => {
    if (window.confirm('End the session for everyone now?')) {
      connection.request({ endSession: {} }).then(
        () => showMessage('The session is ending.', 'done'),
        (error) => showMessage('End session refused: ' + error.message, 'refused'));
    }
  });
  document.addEventListener('keydown', (event) => {
    if (event.target.closest('input, select, textarea') || event.ctrlKey || event.metaKey || event.altKey) return;
    const shortcuts = { t: tap, a: () => $('accent').click(), h: () => $('fermata').click(), r: () => $('release').click() };
    const action = shortcuts[event.key.toLowerCase()];
    if (action && !$('console').classList.contains('hidden')) {
      event.preventDefault();
      action();
    }
  });
}

function tap() {
  command('tapTempo', {}, 'Tap');
}

function fillSelects() {
  NOTE_NAMES.forEach((name, i) => $('tonic').append(new Option(name, i)));
  for (const mode of MODES) $('mode').append(new Option(modeName(mode), mode));
  for (let i = 1; i < DYNAMICS.length; i++) {
    $('dynamic').append(new Option(DYNAMICS[i], DYNAMICS[i].toUpperCase(), false, i === 5));
  }
  for (const part of BACKING_PARTS) {
    const label = document.createElement('label');
    label.className = 'choice';
    label.innerHTML = '<input type="checkbox">';
    label.firstChild.value = part;
    label.append(part.toLowerCase());
    label.firstChild.addEventListener('change', () => {
      const parts = [...document.querySelectorAll('#backing input:checked')].map((b) => b.value);
      mixer({ backing: { parts } }, 'Backing: ' + (parts.join(', ').toLowerCase() || 'off'));
    });
    $('backing').append(label);
  }
}

connection.on('structureChange', (change) => timeline.addChange(change));
connection.on('snapshot', (snapshot) => {
  timeline.applySnapshot(snapshot);
  updateRoster(snapshot.roster || {});
});
connection.on('roster', updateRoster);
connection.on('gesture', onGesture);
connection.on('mixerState', onMixerState);
connection.on('meters', onMeters);
connection.on('observations', onObservations);
connection.on('recording', (recording) => {
  state.recording = Boolean(recording.recording);
  $('record').textContent = state.recording ? 'Stop recording' : 'Record';
  $('record').setAttribute('aria-pressed', String(state.recording));
  const seconds = Math.round(Number(recording.frames || 0) / 48000);
  $('recording-note').textContent = recording.error ? recording.error
    : state.recording ? 'Recording ' + recording.file + ' on the server.'
      : 'Recorded ' + recording.file + ' (' + seconds + ' s): under Downloads.';
  if (!state.recording) refreshDownloads();
});
connection.on('sessionEnded', (ended) => setStatus('The session has ended'
  + (ended.reason ? ': ' + ended.reason : '.'), 'bad'));
connection.on('closed', () => setStatus('Disconnected from the server.', 'bad'));
connection.on('resuming', ({ inMillis }) => setStatus('Connection lost; trying again in '
  + Math.round(inMillis / 1000) + ' s…', 'bad'));
connection.on('resumed', (welcome) => {
  timeline.applySnapshot(welcome.snapshot || {});
  updateRoster((welcome.snapshot && welcome.snapshot.roster) || {});
  setStatus('Group ' + state.code + ' is open again.', 'good');
});
connection.on('ended', ({ reason }) => setStatus('Could not reopen the group: ' + reason, 'bad'));

fillSelects();
wire();
$('create').addEventListener('submit', (event) => {
  event.preventDefault();
  create($('new-name').value.trim(), $('operator-key').value);
});
$('open').addEventListener('submit', (event) => {
  event.preventDefault();
  open($('code').value.trim(), $('key').value);
});
// A link of the form /console#code=...&key=... (the fragment never reaches the server) opens at once.
const fragment = new URLSearchParams(location.hash.slice(1));
if (fragment.get('code')) $('code').value = fragment.get('code');
if (fragment.get('key')) $('key').value = fragment.get('key');
connection.open().then(() => {
  setStatus('Connected.', 'good');
  if (fragment.get('code') && fragment.get('key')) open(fragment.get('code'), fragment.get('key'));
}, () => setStatus('Cannot reach the server.', 'bad'));
