/** Channel configuration as C++ devices read it (PROTOCOL.md 6.2): JSON, XML, --channel-config. */
package org.fairmq.device.config;
