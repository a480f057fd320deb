/**
 * Opus: the bus's 48 kHz stereo float blocks to Opus packets and back, through Concentus (a pure
 * Java port of libopus). Shared by the live stream, the Ogg Opus recording and the client's
 * playback. Each encoder and decoder belongs to one thread; neither runs on a render thread
 * (Concentus allocates while it codes).
 */
package org.attune.audio.opus;
