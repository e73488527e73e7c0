/** The reference's built-in devices (PROTOCOL.md 6.7) with their names and options. */
package org.fairmq.device.builtin;
