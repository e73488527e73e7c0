/**
 * The shared-memory monitor ({@code fairmq-shmmonitor}, PROTOCOL.md 5): a drop-in replacement for
 * the C++ {@code shmmonitor} of 2017 (same options, same printed lines) and the {@link
 * org.fairmq.monitor.Monitor} API to embed it or run its cleanup.
 */
package org.fairmq.monitor;
