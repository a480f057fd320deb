/**
 * Wires each group to its mixer bus: one strip per playing member, the member's gestures as notes
 * at their played-at time, the form and tempo for the backing band, the facilitator's mixer
 * commands, meters back to facilitators; and the server's render threads and sounds.
 *
 * <p>Everything here runs on the group's loop and hands events to the bus's render thread through
 * its bounded queue; nothing waits on the render thread.
 */
package org.attune.server.mixer;
