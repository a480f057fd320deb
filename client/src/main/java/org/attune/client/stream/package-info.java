/**
 * Hearing a group's live stream: the frames as they arrive ({@link
 * org.attune.client.stream.AudioFrameSink}), a small jitter buffer ({@link
 * org.attune.client.stream.JitterBuffer}), and a player ({@link
 * org.attune.client.stream.StreamPlayer}) that decodes each frame and plays it at its server time,
 * plus a fixed playout delay, on the synced clock, into an {@link
 * org.attune.client.stream.AudioOutput}: the local sound device, a WAV file, or memory.
 */
package org.attune.client.stream;
