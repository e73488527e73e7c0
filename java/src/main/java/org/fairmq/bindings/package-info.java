/**
 * JavaCPP bindings over the native helpers in {@code native/include/fairmq/shmem/jni}: real
 * boost::interprocess objects, addresses and handles as {@code long}. Internal: use
 * {@link org.fairmq.ipc} instead, which owns these objects and maps their errors.
 */
package org.fairmq.bindings;
