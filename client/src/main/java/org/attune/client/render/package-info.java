/**
 * Local rendering: the client plays the group itself, on a bus of its own with the server's engine
 * (synthesizer, backing band, mixer), from the gestures, structure changes and mix it receives,
 * placed on the synced clock; and the sinks it renders into (the sound device, a WAV file).
 */
package org.attune.client.render;
