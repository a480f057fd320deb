/**
 * JMH microbenchmarks: the protobuf codec, tempo-map evaluation, and fan-out encoding. Run them
 * with {@code java -cp loadtest/target/attune-loadtest.jar org.openjdk.jmh.Main}.
 */
package org.attune.loadtest.bench;
