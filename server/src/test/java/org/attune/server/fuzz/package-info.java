/**
 * Fuzz tests (Jazzer's {@code @FuzzTest}) of every decoder that reads bytes from outside: TCP
 * frames and messages, OSC packets and streams, WebSocket messages, journal records. Each asserts
 * that a decoder throws nothing but its documented error, leaks no buffer and bounds its output.
 * The normal build replays the committed inputs under {@code src/test/resources/org/attune/server/
 * fuzz/<Class>Inputs/<method>/} (regression mode); README's "Fuzzing" says how to fuzz for real.
 */
package org.attune.server.fuzz;
