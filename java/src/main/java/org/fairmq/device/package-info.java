/**
 * The device framework: a FairMQDevice-like base class with the state machine of PROTOCOL.md 6.6,
 * channels with sub-channels and per-channel transports, command-line options of 6.1.
 */
package org.fairmq.device;
