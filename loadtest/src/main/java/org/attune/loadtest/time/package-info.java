/**
 * Time for the load test: the true server time of local instants, and a precise scheduler that
 * fires tasks at given instants and reports when they actually ran.
 */
package org.attune.loadtest.time;
