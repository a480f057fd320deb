/**
 * Musical form: modes and scales, Roman-numeral chords, pad-to-pitch mapping, dynamics and the
 * quantization of structure changes to beats, bars and phrases.
 *
 * <p>Pure functions over the wire types ({@code FormState}, {@code FormPatch}, ...) of {@code
 * attune.proto}, which serve as the immutable value types here, so that the server and the client
 * compute the same bar, chord and pitch from the same state.
 */
package org.attune.form;
