/**
 * Optional Micrometer metrics of the shmem transports and monitors, and the monitor's Prometheus
 * endpoint (README "Metrics"). The only package that uses Micrometer, an optional dependency:
 * nothing outside it loads a Micrometer class unless metrics are asked for.
 */
package org.fairmq.metrics;
