/**
 * {@code fairmq-shmmonitor} of the v1.10 profile (PROTOCOL-V110.md 6): the modern monitor's
 * command line, modes and output over the session objects of {@link org.fairmq.ipc.ManagementSegment}
 * and the cleanup of {@link org.fairmq.transport.shmem.v110.SessionCleanup}.
 */
package org.fairmq.monitor.v110;
