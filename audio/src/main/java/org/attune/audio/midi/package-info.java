/**
 * Standard MIDI Files through the bus: read with the JDK's {@code javax.sound.midi} parser and
 * rendered offline, as fast as the engine goes, by the same synthesizer and mixer that play a group
 * live.
 */
package org.attune.audio.midi;
