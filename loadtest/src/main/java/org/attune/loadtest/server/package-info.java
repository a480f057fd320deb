/**
 * The server under test: a child {@code attune serve} process, one already running, or one in
 * process for tests; its groups file, and its CPU and memory read from outside.
 */
package org.attune.loadtest.server;
