/**
 * The floor: a minimal one-to-many relay over Netty and loopback TCP, run with the same shape as an
 * Attune load run, so that every latency figure can be given as a ratio to it.
 */
package org.attune.loadtest.floor;
