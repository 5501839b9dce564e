/**
 * Benchmarks: JMH units and topology harnesses that measure Concord against its performance budget, each with a
 * baseline twin measured in the same run. Run through {@code ./concord bench ...}.
 */
package io.concord.bench;
