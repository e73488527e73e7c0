/**
 * The facts of the 2017 {@code fairmq_shmem_*} protocol (PROTOCOL.md) as constants: object names,
 * sizes, timings, the metadata frame. A second protocol version would be a second package like
 * this one, not conditionals elsewhere.
 */
package org.fairmq.protocol;
