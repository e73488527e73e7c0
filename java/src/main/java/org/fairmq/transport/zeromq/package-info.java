/** The zeromq transport (PROTOCOL.md 7): payload bytes in plain zmq frames, copied; crosses hosts. */
package org.fairmq.transport.zeromq;
