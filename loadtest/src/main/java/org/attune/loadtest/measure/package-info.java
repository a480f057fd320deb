/**
 * What a load-test run measures: latency histograms read per interval and in total,
 * structure-change firing instants, counters, and their percentile summaries.
 */
package org.attune.loadtest.measure;
