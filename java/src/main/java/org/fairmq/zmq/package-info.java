/**
 * libzmq through the native layer: contexts, sockets and pollers for every endpoint type (tcp://,
 * ipc:// as Unix domain sockets, inproc://). Hot calls return codes, never throw, never allocate.
 */
package org.fairmq.zmq;
