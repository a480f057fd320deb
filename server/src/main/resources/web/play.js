// The browser instrument: join a group from its link (/play?code=...), then play large pads
// locked to the group's key and mode (the server turns each pad into the same pitch for
// everyone), chord-tone pads, a drum pad and an intensity slider; see the beat, bar, section and
// the next change counting in; hear the group locally (sound.js) on the synced clock, each member
// on the instrument the mixer gives their strip, or the server's stream of the room's mix
// (stream-player.js) where the facilitator chooses that.

import { Connection, num } from './connection.js';
import { Timeline } from './timeline.js';
import { keyName, scalePitch, chordPitch, pitchName } from './music.js';
import { GroupSound, INSTRUMENTS } from './sound.js';
import { Scheduler } from './scheduler.js';
import { StreamPlayer } from './stream-player.js';
import { countIn } from './count-in.js';
import { SwitchScan } from './switch-scan.js';
import { setStatus, showMessage } from './notices.js';

/** How long after a gesture was played the others sound it: time for it to reach them. */
const RENDER_DELAY_MICROS = 80000;
const SCALE_PADS = 8;
const CHORD_TONES = [['Root', 1], ['Third', 2], ['Fifth', 3]];
const DRUM = 38;
/** How long a pad played from the keyboard or a switch holds its note. */
const TAP_NOTE_MILLIS = 600;

const $ = (id) => document.getElementById(id);
const connection = new Connection();
const timeline = new Timeline();
const sound = new GroupSound(connection.clock);
const scheduler = new Scheduler(connection.clock, timeline, sound);
const stream = new StreamPlayer(connection, sound);
const roster = new Map();
/** The mixer's strips by member (MixerState, through WatchMix): what each member plays. */
const strips = new Map();
/** Others' notes still held, by member and what they were pressed with (pad or pitch). */
const heldVoices = new Map();
const scan = new SwitchScan(() => [...document.querySelectorAll('.pad')]);
const state = {
  joined: false, me: null, velocity: 0.7, heard: [], sent: [], countIns: [], hearing: 'local',
};

// For tests and for people who want to look: what this page holds and did.
window.attune = {
  connection, timeline, scheduler, stream, sound, state, scan, send: request, instrumentOf,
};

/** Sends a request; a refusal is shown in the server's own words. */
function request(body) {
  return connection.request(body).then(
    (accepted) => {
      showMessage('Done.', 'done');
      return accepted;
    },
    (error) => {
      showMessage('Not done: ' + error.message, 'refused');
      throw error;
    });
}

function buildJoinForm() {
  const params = new URLSearchParams(location.search);
  $('code').value = params.get('code') || '';
  $('name').value = suggestName();
  INSTRUMENTS.forEach((instrument, i) => {
    const label = document.createElement('label');
    label.className = 'choice';
    label.innerHTML = '<input type="radio" name="instrument">';
    label.firstChild.value = instrument;
    label.firstChild.checked = i === 0;
    label.append(instrument);
    $('instruments').append(label);
  });
  $('join').addEventListener('submit', (event) => {
    event.preventDefault();
    join();
  });
}

function suggestName() {
  const animals = ['Otter', 'Robin', 'Fox', 'Heron', 'Badger', 'Wren', 'Hare', 'Lynx'];
  return animals[Math.floor(Math.random() * animals.length)] + ' ' + (10 + Math.floor(Math.random() * 90));
}

async function join() {
  sound.start();
  const instrument = document.querySelector('input[name=instrument]:checked').value;
  sound.prepare(instrument);
  $('join-message').textContent = 'Joining…';
  try {
    if (!connection.isOpen) await connection.open();
    const welcome = await connection.join({
      groupCode: $('code').value.trim(),
      name: $('name').value.trim(),
      instrument,
      role: 'PARTICIPANT',
    });
    state.joined = true;
    state.me = welcome.participantId;
    state.instrument = instrument;
    timeline.applySnapshot(welcome.snapshot || {});
    updateRoster((welcome.snapshot && welcome.snapshot.roster) || {});
    watchMix();
    $('join').classList.add('hidden');
    $('play').classList.remove('hidden');
    buildPads();
    scheduler.start();
    requestAnimationFrame(render);
    document.querySelector('.pad').focus();
    setStatus('Joined as ' + $('name').value.trim() + ', playing ' + instrument, 'good');
  } catch (e) {
    $('join-message').textContent = 'Could not join: ' + e.message;
  }
}

function buildPads() {
  const scale = $('scale-pads');
  scale.innerHTML = '';
  for (let degree = 1; degree <= SCALE_PADS; degree++) {
    scale.append(makePad('pad', String(degree), () => padPressed(degree, 'SCALE'), { degree }));
  }
  const chords = $('chord-pads');
  chords.innerHTML = '';
  for (const [name, tone] of CHORD_TONES) {
    chords.append(makePad('pad chord', name, () => padPressed(tone, 'CHORD'), { tone }));
  }
  chords.append(makePad('pad drum', 'Drum', drumPressed, {}));
  labelPads();
}

function makePad(className, text, play, data) {
  const pad = document.createElement('button');
  pad.type = 'button';
  pad.className = className;
  Object.assign(pad.dataset, data);
  pad.innerHTML = '<span></span><small></small>';
  pad.firstChild.textContent = text;
  // A touch or click plays on press, at once, and holds the note until the finger lifts; Enter
  // and Space (keyboard, switch) play on click, a note of TAP_NOTE_MILLIS.
  let held = null;
  const lift = () => {
    if (held) held();
    held = null;
  };
  pad.addEventListener('pointerdown', (event) => {
    event.preventDefault();
    lift();
    held = play();
    flash(pad);
  });
  for (const type of ['pointerup', 'pointercancel', 'pointerleave']) pad.addEventListener(type, lift);
  pad.addEventListener('click', (event) => {
    if (event.detail === 0) {
      const release = play();
      if (release) setTimeout(release, TAP_NOTE_MILLIS);
      flash(pad);
    }
  });
  return pad;
}

function flash(pad) {
  pad.classList.add('lit');
  setTimeout(() => pad.classList.remove('lit'), 150);
}

/** Each pad shows the note it plays now: it follows the key, mode and chord. */
function labelPads() {
  const key = timeline.form.key;
  const beat = timeline.tempo.beatAt(connection.clock.serverNowMicros());
  const chord = timeline.chordAt(beat);
  for (const pad of document.querySelectorAll('#scale-pads .pad')) {
    const pitch = scalePitch(key, Number(pad.dataset.degree));
    pad.lastChild.textContent = pitchName(pitch);
    pad.setAttribute('aria-label', 'Note ' + pad.dataset.degree + ', ' + pitchName(pitch));
  }
  for (const pad of document.querySelectorAll('#chord-pads .pad.chord')) {
    const pitch = chordPitch(key, chord, Number(pad.dataset.tone));
    pad.lastChild.textContent = chord + ' ' + pitchName(pitch);
  }
}

/** Presses a pad: sends it, sounds it, and returns what lets it go (the pad's release). */
function padPressed(degree, layer) {
  const now = connection.clock.serverNowMicros();
  const gesture = {
    pad: { degree, layer },
    velocity: state.velocity,
    playedAtServerMicros: String(Math.round(now)),
  };
  connection.send({ gesture });
  state.sent.push({ degree, layer, atServerMicros: now });
  const key = timeline.form.key;
  const pitch = layer === 'CHORD'
    ? chordPitch(key, timeline.chordAt(timeline.tempo.beatAt(now)), degree)
    : scalePitch(key, degree);
  const softened = state.spotlight && state.spotlight !== state.me ? 0.7 : 1;
  const voice = sound.note(pitch, state.velocity * softened, instrumentOf(state.me), now, state.me);
  return () => {
    const at = connection.clock.serverNowMicros();
    connection.send({
      gesture: { pad: { degree, layer, release: true }, playedAtServerMicros: String(Math.round(at)) },
    });
    sound.release(voice, at);
  };
}

function drumPressed() {
  const now = connection.clock.serverNowMicros();
  connection.send({
    gesture: { hit: { instrument: DRUM }, velocity: state.velocity,
      playedAtServerMicros: String(Math.round(now)) },
  });
  state.sent.push({ hit: DRUM, atServerMicros: now });
  sound.hit(DRUM, state.velocity, now, state.me);
}

/**
 * What a member's notes sound as: the instrument of their strip in the mixer, which the
 * facilitator may change ("gm:<bank>/<program>"), else the instrument they joined with.
 */
function instrumentOf(id) {
  const strip = strips.get(id);
  if (strip) return 'gm:' + num(strip.bank) + '/' + num(strip.program);
  const member = roster.get(id);
  return member ? member.instrument : state.instrument;
}

/** Asks for the mixer's state and its changes: instruments, and what remote pages hear. */
function watchMix() {
  connection.send({ watchMix: { on: true } });
}

function applyMix(mix) {
  strips.clear();
  // The spotlight: the others' notes softer (velocity x 0.7) and ducked, as in the server's mix.
  state.spotlight = mix.spotlight || '';
  const ducked = Math.pow(10, num(mix.spotlightDuckDb) / 20);
  for (const strip of mix.strips || []) {
    strips.set(strip.participantId, strip);
    sound.prepare(instrumentOf(strip.participantId));
    if (sound.context) {
      const lit = !state.spotlight || strip.participantId === state.spotlight;
      sound.setMemberGain(strip.participantId, lit ? 1 : ducked);
    }
  }
  hear(mix.remoteSound === 'SERVER_STREAM' ? 'stream' : 'local');
}

/** Hears the group played here ('local') or the server's stream ('stream'). */
function hear(how) {
  if (how === 'stream' && !StreamPlayer.supported) {
    showMessage('The facilitator streams the room\'s sound, but this browser cannot play it;'
      + ' it plays the group itself.', 'refused');
    how = 'local';
  }
  if (how === state.hearing) return;
  state.hearing = how;
  if (how === 'stream') {
    sound.local = false;
    stream.start().catch((error) => {
      showMessage('The stream was refused: ' + error.message, 'refused');
      stream.stop();
      sound.local = true;
      state.hearing = 'local';
      showHearing();
    });
  } else {
    stream.stop();
    sound.local = true;
  }
  showHearing();
}

function showHearing() {
  $('hearing').textContent = state.hearing === 'stream'
    ? 'You hear the room\'s mix, streamed from the server.'
    : 'You hear the group played by this browser.';
}

function updateRoster(r) {
  roster.clear();
  for (const m of r.members || []) {
    roster.set(m.participantId, m);
    sound.prepare(m.instrument);
  }
  const list = $('members');
  list.innerHTML = '';
  for (const m of roster.values()) {
    if (m.role === 'FACILITATOR' || m.role === 'LISTENER') continue;
    const li = document.createElement('li');
    li.id = 'member-' + m.participantId;
    li.textContent = m.name + ' (' + m.instrument + ')' + (m.connected ? '' : ', away');
    list.append(li);
  }
}

function heard(event) {
  const g = event.gesture || {};
  const playedAt = num(g.playedAtServerMicros) || num(event.serverReceiveMicros);
  const softened = state.spotlight && event.participantId !== state.spotlight ? 0.7 : 1;
  const velocity = (g.velocity === undefined ? 0.8 : Number(g.velocity)) * softened;
  state.heard.push({ from: event.participantId, gesture: g, pitch: num(event.resolvedPitch) });
  const at = playedAt + RENDER_DELAY_MICROS;
  const who = event.participantId;
  // A held note is let go by its pad's release or its note-off, found by what it was pressed with.
  const held = event.participantId + (g.pad ? '/' + g.pad.layer + '/' + g.pad.degree
    : '/' + num(event.resolvedPitch));
  if (g.hit) {
    sound.hit(num(g.hit.instrument), velocity, at, who);
  } else if ((g.pad && !g.pad.release) || g.noteOn) {
    sound.release(heldVoices.get(held), at);
    heldVoices.set(held, sound.note(num(event.resolvedPitch), velocity, instrumentOf(who), at, who));
  } else if ((g.pad && g.pad.release) || g.noteOff) {
    sound.release(heldVoices.get(held), at);
    heldVoices.delete(held);
  }
  const li = $('member-' + event.participantId);
  if (li) {
    li.style.color = 'var(--accent)';
    setTimeout(() => (li.style.color = ''), 200);
  }
}

function render() {
  const now = connection.clock.serverNowMicros();
  timeline.advance(now);
  const beatNow = timeline.tempo.beatAt(now);
  const { bar, beat } = timeline.position(beatNow);
  $('bar').textContent = bar;
  $('beat').textContent = beat;
  $('section').textContent = timeline.form.section || '–';
  $('key').textContent = keyName(timeline.form.key);
  $('chord').textContent = timeline.chordAt(beatNow);
  const bpm = timeline.tempo.bpmAt(now);
  $('tempo').textContent = bpm > 0 ? Math.round(bpm) + ' bpm' : 'held';
  renderBeatDots(beat);
  const next = countIn(timeline, beatNow);
  if (next !== $('next').textContent) {
    $('next').textContent = next;
    // What the page showed, for tests: the last 50 count-in texts.
    if (next) state.countIns.push(next);
    if (state.countIns.length > 50) state.countIns.shift();
  }
  labelPads();
  requestAnimationFrame(render);
}

function renderBeatDots(beat) {
  const dots = $('beat-dots');
  const perBar = timeline.beatsPerBar();
  if (dots.children.length !== perBar) {
    dots.innerHTML = '';
    for (let i = 1; i <= perBar; i++) dots.append(document.createElement('span'));
  }
  [...dots.children].forEach((dot, i) => {
    dot.className = (i + 1 === beat ? 'on' : '') + (i === 0 ? ' one' : '');
  });
}

connection.on('welcome', () => {});
connection.on('structureChange', (change) => timeline.addChange(change));
connection.on('snapshot', (snapshot) => {
  timeline.applySnapshot(snapshot);
  updateRoster(snapshot.roster || {});
});
connection.on('roster', updateRoster);
connection.on('mixerState', applyMix);
connection.on('gesture', heard);
connection.on('sessionEnded', (ended) => {
  setStatus('The session has ended' + (ended.reason ? ': ' + ended.reason : '.'), 'bad');
  scheduler.stop();
});
connection.on('error', (error) => {
  if (num(error.requestId) === 0) showMessage(error.message, 'refused');
});
connection.on('closed', () => setStatus('Disconnected from the server.', 'bad'));
connection.on('resuming', ({ inMillis }) => setStatus('Connection lost; trying again in '
  + Math.round(inMillis / 1000) + ' s…', 'bad'));
connection.on('resumed', (welcome) => {
  timeline.applySnapshot(welcome.snapshot || {});
  updateRoster((welcome.snapshot && welcome.snapshot.roster) || {});
  // The stream and the mix watch are asked for again: a resume starts neither.
  if (state.hearing === 'stream') {
    state.hearing = 'local';
    stream.stop();
  }
  watchMix();
  setStatus('Reconnected as ' + $('name').value.trim() + ', playing ' + state.instrument, 'good');
});
connection.on('ended', ({ reason }) => setStatus('Could not come back: ' + reason, 'bad'));

$('intensity').addEventListener('input', (event) => {
  const value = Number(event.target.value);
  state.velocity = Math.max(0.05, value / 100);
  $('intensity-value').textContent = value + '%';
  event.target.setAttribute('aria-valuetext', value + ' percent');
  if (state.joined) connection.send({ gesture: { control: { value: value / 100 } } });
});

$('scan').addEventListener('click', () => {
  scan.toggle(Number($('scan-interval').value));
  $('scan').setAttribute('aria-pressed', String(scan.on));
  $('scan').textContent = 'Switch scanning: ' + (scan.on ? 'on' : 'off');
});
$('scan-interval').addEventListener('change', () => {
  if (scan.on) scan.start(Number($('scan-interval').value));
});

buildJoinForm();
connection.open().then(
  () => setStatus('Connected. Pick a name and an instrument.', 'good'),
  () => setStatus('Cannot reach the server.', 'bad'));
