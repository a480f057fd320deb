package org.attune.loadtest.audio;

/**
 * A note held through a voices-per-core probe: a channel, the looping program it plays, a key.
 *
 * <p>Thread-safe: yes (immutable).
 */
public record HeldNote(int channel, int program, int key, int velocity) {}
