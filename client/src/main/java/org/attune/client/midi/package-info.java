/**
 * MIDI instruments in the room: a USB keyboard's or e-drum's notes and controls sent as gestures
 * ({@link org.attune.client.midi.MidiGestures}), the group played into a local synth or DAW ({@link
 * org.attune.client.midi.GroupToMidi}), and the devices found through {@code javax.sound.midi}
 * ({@link org.attune.client.midi.MidiDevices}).
 */
package org.attune.client.midi;
