/** One load run: its workload, the coordinator that runs it, and what it measured. */
package org.attune.loadtest.run;
