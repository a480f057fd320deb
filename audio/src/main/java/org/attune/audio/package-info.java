/**
 * Attune's sound: a SoundFont 2 sample player of its own, built-in synthesized voices, the backing
 * band, the mixer bus and audio files. Pure Java, no Netty, no I/O on the render thread; shared by
 * the server (a group's bus), the client (local rendering) and the offline renderer.
 *
 * <p>Thread contracts are stated per class, Link-style: "Thread-safe: yes/no" and, for what the
 * render thread calls, "Realtime-safe: yes" (no allocation, no locks, no I/O).
 */
package org.attune.audio;
