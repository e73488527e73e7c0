/**
 * The protocol profiles: which shared-memory protocol a device's shmem transport and the
 * {@code fairmq-shmmonitor} command speak. A profile supplies everything that differs between the
 * 2017 protocol (PROTOCOL.md, {@code fairmq_shmem_*}) and modern FairMQ v1.9/v1.10
 * (PROTOCOL-V110.md, {@code fmq_<shmId>_*}): object names, management-segment objects, the frame
 * codec, the chunk header and ownership rules, heartbeats, the creation and cleanup sequences and
 * the monitor. Devices pick one with {@code --shm-protocol}; the monitor command picks one from its
 * command line ({@link org.fairmq.profile.ShmMonitorCommand}). Each profile's facts live in its own
 * packages; nothing outside this package asks which profile is in use.
 */
package org.fairmq.profile;
