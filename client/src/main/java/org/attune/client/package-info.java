/**
 * The Java client of Attune: connect, join a group, keep the clock in step with the server's,
 * follow the group's timeline, play gestures and, as facilitator, steer tempo and form.
 *
 * <p>{@link org.attune.client.AttuneClient} is the entry point. {@link org.attune.client.ClockSync}
 * estimates server time NTP-style; {@link org.attune.client.Timeline} holds the group's tempo map
 * and form and applies each structure change at its effective time; {@link
 * org.attune.client.ClientListener} hears what the group does; {@link
 * org.attune.command.FacilitatorCommandParser} turns a facilitator's words into a command.
 *
 * <p>Threads: the client's Netty I/O thread only reads and writes; everything a user sees (listener
 * callbacks, future completions, structure changes firing) happens on its single timeline thread.
 * Each class says in its javadoc which threads may call it.
 */
package org.attune.client;
