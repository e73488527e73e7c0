/**
 * The shmem transport of the v1.10 protocol profile (PROTOCOL-V110.md 2-5): a session of
 * {@code fmq_<shmId>_*} objects joined and left as FairMQ v1.10 devices do ({@link
 * org.fairmq.transport.shmem.v110.Session}), heartbeats, refcounted chunks in managed data
 * segments, 40-byte MetaHeaders in one frame per message (multipart included), and the cleanup
 * sequence the last user and the monitor share ({@link org.fairmq.transport.shmem.v110.SessionCleanup}).
 */
package org.fairmq.transport.shmem.v110;
