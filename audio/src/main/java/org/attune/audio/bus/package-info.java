/**
 * A group's bus in time: events in through a bounded lock-free queue, placed to the sample at their
 * server time plus the render delay, rendered block by block (synthesizer, backing band, mixer) and
 * handed to sinks; and the render threads that keep every bus ahead of its deadline.
 */
package org.attune.audio.bus;
