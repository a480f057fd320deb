/**
 * Musical time: the server clock and the tempo map that turns server time into beats and back.
 *
 * <p>Everything here is pure: no I/O, no threads, no Netty. Time is passed in as an argument
 * (microseconds of server time), never read from a wall clock, so that server and client compute
 * the same beats from the same map.
 */
package org.attune.clock;
