/**
 * This machine's sound device: a bus's output played through a {@code javax.sound.sampled} line
 * (the room's speakers on the server, a remote member's headphones in the client), fed from the
 * render thread through preallocated blocks.
 */
package org.attune.audio.device;
