/**
 * The backing band: click, drums, bass, pad and comping that follow a group's tempo map and form
 * (groove, meter, key, chords, dynamics, accents, fermatas) as note events on the shared clock.
 *
 * <p>The group's thread builds an immutable {@link org.attune.audio.backing.FormTimeline}, where
 * all parsing and chord arithmetic happens; the render thread hands it to a {@link
 * org.attune.audio.backing.BackingBand}, which turns each block's time span into note-ons and
 * note-offs without allocating. The events are a pure function of the timeline: the same timeline
 * gives the same notes however the time is cut into blocks.
 */
package org.attune.audio.backing;
