/**
 * The load test's abuse phase: attacks on a playing server (garbage, floods, half frames, slow
 * readers, a gesture flood) from other loopback addresses, with the victims' figures against a
 * quiet run of the same invocation, the server's memory and its health throughout.
 */
package org.attune.loadtest.abuse;
