/**
 * An impairment relay that emulates a telehealth network path on loopback (this kernel has no
 * netem): seeded delay with jitter both ways, in order on TCP, with loss on UDP, bounded queues.
 */
package org.attune.loadtest.impair;
