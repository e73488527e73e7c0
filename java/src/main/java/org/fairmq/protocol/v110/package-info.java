/**
 * The facts of the FairMQ v1.9/v1.10 shmem protocol (PROTOCOL-V110.md) as constants and small
 * value types: the shmId ({@link org.fairmq.protocol.v110.ShmId}), object names
 * ({@link org.fairmq.protocol.v110.SessionNames}), the 40-byte MetaHeader
 * ({@link org.fairmq.protocol.v110.MetaHeaderLayout}), sizes, timings and keys
 * ({@link org.fairmq.protocol.v110.ProtocolV110}). The 2017 facts are the parent package's.
 */
package org.fairmq.protocol.v110;
