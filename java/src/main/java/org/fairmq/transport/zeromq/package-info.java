/** The zeromq transport (PROTOCOL.md 7): payload bytes in plain zmq frames, moved without copies; crosses hosts. */
package org.fairmq.transport.zeromq;
