/** The shared-memory transport of the 2017 protocol: segment lifecycle, heartbeats, messages, regions. */
package org.fairmq.transport.shmem;
