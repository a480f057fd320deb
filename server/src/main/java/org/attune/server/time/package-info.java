/**
 * Waiting on the server clock: every timer of a group or a transport is set in server time, on the
 * injected {@link org.attune.clock.ServerClock}, so that the same code runs on virtual time in
 * tests (an {@code EmbeddedChannel}'s loop driven by a {@code MockTicker} that is also the clock).
 */
package org.attune.server.time;
