// Names and scales for showing the music, and the pitches this page sounds for its own pads at
// once (others' pads come with the server's resolved pitch): the same tables as
// org.attune.form.Scales and PadMapping.

export const NOTE_NAMES = ['C', 'C#', 'D', 'Eb', 'E', 'F', 'F#', 'G', 'Ab', 'A', 'Bb', 'B'];

export const SCALES = {
  MAJOR: [0, 2, 4, 5, 7, 9, 11],
  IONIAN: [0, 2, 4, 5, 7, 9, 11],
  NATURAL_MINOR: [0, 2, 3, 5, 7, 8, 10],
  AEOLIAN: [0, 2, 3, 5, 7, 8, 10],
  DORIAN: [0, 2, 3, 5, 7, 9, 10],
  PHRYGIAN: [0, 1, 3, 5, 7, 8, 10],
  LYDIAN: [0, 2, 4, 6, 7, 9, 11],
  MIXOLYDIAN: [0, 2, 4, 5, 7, 9, 10],
  LOCRIAN: [0, 1, 3, 5, 6, 8, 10],
  HARMONIC_MINOR: [0, 2, 3, 5, 7, 8, 11],
  MAJOR_PENTATONIC: [0, 2, 4, 7, 9],
  MINOR_PENTATONIC: [0, 3, 5, 7, 10],
  BLUES: [0, 3, 5, 6, 7, 10],
};

export const MODES = Object.keys(SCALES);

export function modeName(mode) {
  return (mode || 'MAJOR').toLowerCase().replace(/_/g, ' ');
}

export function keyName(key) {
  const k = key || {};
  return NOTE_NAMES[(Number(k.tonic) || 0) % 12] + ' ' + modeName(k.mode);
}

function step(base, intervals, degree) {
  const n = degree - 1;
  const octave = Math.floor(n / intervals.length);
  let pitch = base + 12 * octave + intervals[((n % intervals.length) + intervals.length) % intervals.length];
  while (pitch > 127) pitch -= 12;
  while (pitch < 0) pitch += 12;
  return pitch;
}

/** The pitch of scale pad `degree` in `key` (degree 1 = the tonic above middle C). */
export function scalePitch(key, degree) {
  const k = key || {};
  return step(60 + (Number(k.tonic) || 0), SCALES[k.mode || 'MAJOR'] || SCALES.MAJOR, degree);
}

const ROMAN = { I: 1, II: 2, III: 3, IV: 4, V: 5, VI: 6, VII: 7 };

/**
 * The pitch of chord pad `tone` (1 = root, 2 = third, 3 = fifth) of the Roman-numeral chord:
 * stacked scale thirds on the chord's degree, as a diatonic triad sounds. The server's pitch for
 * the same pad (sent to the others) follows the chord's own quality, which may differ on altered
 * chords; this is only what this page plays for itself at once.
 */
export function chordPitch(key, chord, tone) {
  const match = /^(b|#)?([ivIV]+)/.exec(chord || 'I');
  const root = match ? ROMAN[match[2].toUpperCase()] || 1 : 1;
  return scalePitch(key, root + 2 * (tone - 1));
}

export function pitchName(pitch) {
  return NOTE_NAMES[pitch % 12] + (Math.floor(pitch / 12) - 1);
}
