/** Transports: the shmem transport (metadata frames over zmq, payloads in shared memory) and zeromq. */
package org.fairmq.transport;
