/**
 * The load test's output: the JSON result file, the Markdown report, its SVG plots, the targets.
 */
package org.attune.loadtest.report;
