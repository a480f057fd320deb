/**
 * A group's mixer bus: one {@link org.attune.audio.mix.ChannelStrip} per member or backing part
 * (gain, constant-power pan, mute, solo, post-fader {@link org.attune.audio.mix.Meter}) summed into
 * a {@link org.attune.audio.mix.MasterBus} (gain, look-ahead {@link org.attune.audio.mix.Limiter},
 * meter) by the {@link org.attune.audio.mix.Mixer}.
 *
 * <p>Everything here runs on the render thread and is realtime-safe: buffers are preallocated,
 * control changes arrive there as events and are ramped linearly over one block so that they never
 * click. Only the meters are read from another thread, without ever blocking the render thread.
 */
package org.attune.audio.mix;
