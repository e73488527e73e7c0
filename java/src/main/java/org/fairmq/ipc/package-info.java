/**
 * Real boost::interprocess objects from Java: managed segments, message queues, named mutexes,
 * regions, and the device-counter protocol. Every owner is {@link java.lang.AutoCloseable}; every
 * C++ failure arrives as a {@link org.fairmq.ipc.ShmException}.
 */
package org.fairmq.ipc;
