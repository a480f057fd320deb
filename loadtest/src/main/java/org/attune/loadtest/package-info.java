/**
 * The load test's command: runs the floor, loopback, impaired and idle phases against child server
 * processes (or a running server) and writes the result file, the report and the plots.
 */
package org.attune.loadtest;
