package org.attune.server.journal.export;

import org.attune.protocol.v1.FormState;

/**
 * The group's form from one moment on: the initial form at the group's creation, then the form
 * after each structure change took effect.
 *
 * <p>Immutable.
 *
 * @param wallMicros when it took effect, µs since the Unix epoch
 * @param beat the beat of the tempo map then
 * @param form the whole form state in effect from then on
 */
public record FormChange(long wallMicros, double beat, FormState form) {}
